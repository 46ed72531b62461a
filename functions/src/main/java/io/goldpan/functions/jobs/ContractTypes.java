package io.goldpan.functions.jobs;

import io.goldpan.contract.ImageRef;
import io.goldpan.contract.JobParameters;
import io.micronaut.serde.annotation.SerdeImport;

/** The contract's records the API writes as JSON: a job view embeds a job's parameters. */
@SerdeImport(JobParameters.class)
@SerdeImport(ImageRef.class)
final class ContractTypes {
  private ContractTypes() {}
}
