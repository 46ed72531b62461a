package io.goldpan.local.aws;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.filesystem.reference.FilesystemConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AWS APIs Goldpan needs, served in this JVM: ElasticMQ speaks SQS, S3Proxy speaks S3 over a
 * directory with SigV4 checked, so presigned URLs are verified exactly as S3 would.
 */
public final class EmbeddedAws implements AutoCloseable {
  public static final String REGION = "us-east-1";
  private static final String BACKEND_HOST = "127.0.0.1";
  private static final String ACCOUNT = "000000000000";
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedAws.class);

  private final String host;
  private final Path s3Dir;
  private final LocalCredentials credentials;
  private final SQSRestServer sqs;
  private final SignedSqsFront sqsFront;
  private final int sqsPort;
  private final int s3Port;
  private BlobStoreContext blobContext;
  private S3Proxy s3;

  private EmbeddedAws(String host, int sqsPort, int s3Port, Path s3Dir, LocalCredentials creds) {
    this.host = host;
    this.s3Dir = s3Dir;
    this.credentials = creds;
    this.sqsPort = sqsPort == 0 ? FreePorts.pick(host) : sqsPort;
    // ElasticMQ checks no signatures: it listens on a loopback port of its own, and the port the
    // stack publishes is a front that lets through only requests signed with its credentials.
    int backendPort = FreePorts.pick(BACKEND_HOST);
    this.sqs = startSqs(BACKEND_HOST, backendPort, host, this.sqsPort);
    try {
      this.sqsFront =
          SignedSqsFront.start(
              host,
              this.sqsPort,
              URI.create("http://" + BACKEND_HOST + ":" + backendPort),
              creds,
              REGION);
    } catch (java.io.IOException e) {
      sqs.stopAndWait();
      throw new LocalStackException(
          "the SQS endpoint cannot listen on "
              + host
              + ":"
              + this.sqsPort
              + " ("
              + e.getMessage()
              + "); is another goldpan-local running? Choose other ports with --port or --sqs-port",
          e);
    }
    this.s3Port = s3Port == 0 ? FreePorts.pick(host) : s3Port;
    startS3();
  }

  /**
   * Starts both emulators on {@code host}.
   *
   * @param sqsPort port for SQS, or 0 for a free one
   * @param s3Port port for S3, or 0 for a free one
   * @param s3Dir directory that holds the buckets (kept across restarts)
   */
  public static EmbeddedAws start(
      String host, int sqsPort, int s3Port, Path s3Dir, LocalCredentials credentials) {
    try {
      Files.createDirectories(s3Dir);
    } catch (java.io.IOException e) {
      throw new LocalStackException("cannot create the S3 directory " + s3Dir, e);
    }
    return new EmbeddedAws(host, sqsPort, s3Port, s3Dir, credentials);
  }

  public URI sqsEndpoint() {
    return URI.create("http://" + host + ":" + sqsPort);
  }

  public URI s3Endpoint() {
    return URI.create("http://" + host + ":" + s3Port);
  }

  public LocalCredentials credentials() {
    return credentials;
  }

  /**
   * ElasticMQ on {@code host:port}, handing out queue URLs on {@code publicHost:publicPort} (the
   * signed front).
   */
  private static SQSRestServer startSqs(String host, int port, String publicHost, int publicPort) {
    SQSRestServer server = null;
    try {
      server =
          SQSRestServerBuilder.withInterface(host)
              .withPort(port)
              .withServerAddress(new NodeAddress("http", publicHost, publicPort, ""))
              .withAWSRegion(REGION)
              .withAWSAccountId(ACCOUNT)
              .start();
      server.waitUntilStarted();
      return server;
    } catch (Exception e) { // Pekko's bind failure arrives as an undeclared checked exception
      if (server != null) {
        server.stopAndWait();
      }
      throw new LocalStackException(
          "the SQS emulator cannot listen on "
              + host
              + ":"
              + port
              + " ("
              + rootMessage(e)
              + "); is another goldpan-local running? Choose other ports with --port or --sqs-port",
          e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage();
  }

  /** Starts S3 again on the same port after {@link #stopS3()}; the objects are still there. */
  public synchronized void startS3() {
    if (s3 != null) {
      return;
    }
    Properties overrides = new Properties();
    overrides.setProperty(FilesystemConstants.PROPERTY_BASEDIR, s3Dir.toString());
    blobContext =
        ContextBuilder.newBuilder("filesystem")
            .credentials(credentials.accessKeyId(), credentials.secretAccessKey())
            .overrides(overrides)
            .build(BlobStoreContext.class);
    BlobStore blobStore = blobContext.getBlobStore();
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(blobStore)
            .endpoint(s3Endpoint())
            .awsAuthentication(
                AuthenticationType.AWS_V4, credentials.accessKeyId(), credentials.secretAccessKey())
            .build();
    try {
      proxy.start();
      Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
      while (!"STARTED".equals(proxy.getState())) {
        if (Instant.now().isAfter(deadline)) {
          throw new LocalStackException("S3Proxy did not start within 30 s on " + s3Endpoint());
        }
        Thread.sleep(10);
      }
    } catch (LocalStackException e) {
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LocalStackException("interrupted while starting S3Proxy", e);
    } catch (Exception e) {
      blobContext.close();
      throw new LocalStackException(
          "the S3 emulator cannot listen on "
              + s3Endpoint()
              + " ("
              + rootMessage(e)
              + "); choose other ports with --port or --s3-port",
          e);
    }
    s3 = proxy;
    LOG.debug("S3 emulator listening on {}", s3Endpoint());
  }

  /** Stops S3 (to inject an outage); {@link #startS3()} brings it back. */
  public synchronized void stopS3() {
    if (s3 == null) {
      return;
    }
    try {
      s3.stop();
    } catch (Exception e) {
      throw new LocalStackException("S3Proxy failed to stop", e);
    } finally {
      s3 = null;
      blobContext.close();
    }
  }

  @Override
  public void close() {
    stopS3();
    sqsFront.close();
    sqs.stopAndWait();
  }
}
