package io.goldpan.infra;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * Alarms when a dead-letter queue keeps messages: both are consumed, so messages that stay there
 * mean a consumer keeps failing (the database is down, say) and results wait. The alarms notify the
 * {@code Alarms} topic; subscribe an address to it (docs/deploy.md).
 */
public final class DeadLetterAlarms extends Construct {
  /** How long messages may wait in a dead-letter queue before someone is told. */
  public static final Duration WAITING = Duration.minutes(15);

  private final Topic topic;

  public DeadLetterAlarms(Construct scope, String id, IQueue jobsDlq, IQueue eventsDlq) {
    super(scope, id);
    this.topic = Topic.Builder.create(this, "Alarms").displayName("Goldpan alarms").build();
    alarm(
        "JobsDeadLettersWaiting",
        "Goldpan job messages wait in the jobs dead-letter queue",
        jobsDlq);
    alarm(
        "EventsDeadLettersWaiting",
        "Goldpan runner events (job results) wait in the events dead-letter queue",
        eventsDlq);
  }

  private void alarm(String id, String description, IQueue queue) {
    MetricOptions fiveMinutes =
        MetricOptions.builder().period(Duration.minutes(5)).statistic("Maximum").build();
    Alarm.Builder.create(this, id)
        .alarmDescription(description)
        .metric(queue.metricApproximateNumberOfMessagesVisible(fiveMinutes))
        .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
        .threshold(1)
        .evaluationPeriods(WAITING.toMinutes().intValue() / 5)
        .treatMissingData(TreatMissingData.NOT_BREACHING)
        .build()
        .addAlarmAction(new SnsAction(topic));
  }

  public Topic topic() {
    return topic;
  }
}
