package io.goldpan.infra;

import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;

/**
 * The CDK app: {@code infra/synth} (no AWS account needed) or {@code npx cdk deploy} from {@code
 * infra/}. The stack is environment-agnostic: the CLI's profile picks account and region.
 */
public final class GoldpanApp {
  private GoldpanApp() {}

  public static void main(String[] args) {
    App app = new App();
    GoldpanSettings settings = GoldpanSettings.fromContext(app.getNode());
    Object stackName = app.getNode().tryGetContext("stackName");
    new GoldpanStack(
        app,
        stackName == null ? "Goldpan" : stackName.toString(),
        StackProps.builder()
            .description("Goldpan: text-to-image job queue (functions, queues, bucket, runners)")
            .build(),
        settings);
    app.synth();
  }
}
