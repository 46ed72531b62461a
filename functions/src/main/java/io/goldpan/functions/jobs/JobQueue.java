package io.goldpan.functions.jobs;

import io.goldpan.contract.JobMessage;

/** The queue runners take jobs from. */
public interface JobQueue {

  /**
   * Sends one job message.
   *
   * @param owner whose job it is: on AWS the message group, so SQS fair queues share the runners
   *     between owners
   * @throws io.goldpan.functions.FunctionsException when the queue did not accept it
   */
  void send(JobMessage job, String owner);
}
