package io.goldpan.infra;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.iam.User;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * Who a GPU runner is to AWS: one managed policy allowing exactly the runner's calls, attached to
 * an EC2 role (cloud runners) and, optionally, to an IAM user (a home PC). Access keys are never
 * created here: CloudFormation would put the secret in the template's outputs.
 */
public final class RunnerIdentity extends Construct {
  private final ManagedPolicy policy;
  private final Role role;
  private final Optional<User> user;

  public RunnerIdentity(
      Construct scope,
      String id,
      GoldpanSettings settings,
      IQueue jobs,
      IQueue events,
      IBucket bucket) {
    super(scope, id);
    this.policy =
        ManagedPolicy.Builder.create(this, "Policy")
            .description(
                "Goldpan GPU runner: take jobs, report events, write images, read images and cancel"
                    + " markers")
            .statements(
                List.of(
                    allow(
                        "TakeJobs",
                        List.of(
                            "sqs:ReceiveMessage",
                            "sqs:DeleteMessage",
                            "sqs:ChangeMessageVisibility",
                            "sqs:GetQueueUrl",
                            "sqs:GetQueueAttributes"),
                        List.of(jobs.getQueueArn())),
                    allow(
                        "ReportEvents",
                        List.of("sqs:SendMessage", "sqs:GetQueueUrl"),
                        List.of(events.getQueueArn())),
                    allow(
                        "WriteImages",
                        List.of("s3:PutObject"),
                        List.of(
                            bucket.arnForObjects("images/*"), bucket.arnForObjects("thumbs/*"))),
                    // Image to image starts from a stored picture; the API checked it is the
                    // owner's
                    allow(
                        "ReadPicturesToVary",
                        List.of("s3:GetObject"),
                        List.of(bucket.arnForObjects("images/*"))),
                    allow(
                        "ReadCancelMarkers",
                        List.of("s3:GetObject"),
                        List.of(bucket.arnForObjects("cancel/*"))),
                    // The runner HEADs cancel/{jobId}; without ListBucket S3 answers a missing
                    // marker with 403
                    // instead of 404, which the runner must treat as an error. Listing stays inside
                    // cancel/.
                    PolicyStatement.Builder.create()
                        .sid("SeeMissingCancelMarkers")
                        .actions(List.of("s3:ListBucket"))
                        .resources(List.of(bucket.getBucketArn()))
                        .conditions(Map.of("StringLike", Map.of("s3:prefix", List.of("cancel/*"))))
                        .build()))
            .build();
    this.role =
        Role.Builder.create(this, "Role")
            .description("Goldpan GPU runner on EC2")
            .assumedBy(new ServicePrincipal("ec2.amazonaws.com"))
            .managedPolicies(List.of(policy))
            .build();
    this.user =
        settings.runnerUser()
            ? Optional.of(
                User.Builder.create(this, "User").managedPolicies(List.of(policy)).build())
            : Optional.empty();
  }

  private static PolicyStatement allow(String sid, List<String> actions, List<String> resources) {
    return PolicyStatement.Builder.create().sid(sid).actions(actions).resources(resources).build();
  }

  public ManagedPolicy policy() {
    return policy;
  }

  public Role role() {
    return role;
  }

  /** The home runner's IAM user, when {@code runnerUser} is on. */
  public Optional<User> user() {
    return user;
  }
}
