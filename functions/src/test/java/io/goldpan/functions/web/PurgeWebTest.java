package io.goldpan.functions.web;

import static io.goldpan.functions.support.Browser.form;
import static org.assertj.core.api.Assertions.assertThat;

import io.goldpan.contract.ImageResult;
import io.goldpan.contract.RunnerEvent;
import io.goldpan.contract.StorageKeys;
import io.goldpan.contract.Timings;
import io.goldpan.functions.auth.ApiKeys;
import io.goldpan.functions.events.JobEvents;
import io.goldpan.functions.support.Browser;
import io.goldpan.functions.support.RecordingImageObjects;
import io.goldpan.testing.MutableClock;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Nothing destroyed by accident: Purge first says how many discarded images it deletes and how much
 * space that frees (measured in the bucket), and deletes only what that confirmation counted.
 */
@MicronautTest(transactional = false)
class PurgeWebTest {
  private static final Pattern JOB_ID = Pattern.compile("/app/jobs/([0-9a-f-]{36})");
  private static final Pattern CONFIRM = Pattern.compile("name=\"confirm\" value=\"([0-9a-f]+)\"");

  @Inject EmbeddedServer server;
  @Inject ApiKeys apiKeys;
  @Inject JobEvents events;
  @Inject RecordingImageObjects bucket;
  @Inject MutableClock clock;

  Browser me;
  Browser other;

  @BeforeEach
  void setUp() {
    me = new Browser(server.getURI()).signIn(apiKeys.create("purger-" + UUID.randomUUID()));
    other = new Browser(server.getURI()).signIn(apiKeys.create("other-" + UUID.randomUUID()));
  }

  @Test
  void gallery_linksToTheConfirmation_whichCountsImagesAndBytes_andDeletesNothing() {
    String job = paintedJob(me, "confirm first", 3);
    discard(me, job, 0);
    discard(me, job, 2);

    String gallery = me.get("/app?show=discarded").body();
    assertThat(gallery)
        .contains("href=\"/app/purge\">Purge 2 discarded images from storage…</a>")
        .doesNotContain("action=\"/app/purge\"");
    HttpResponse<String> confirmation = me.get("/app/purge");

    assertThat(confirmation.statusCode()).isEqualTo(200);
    assertThat(confirmation.body())
        .contains("<strong>2 discarded images</strong>")
        .contains("frees <strong>" + (bytes(job, 0) + bytes(job, 2)) + " bytes</strong>")
        .contains(">Purge 2 images</button>");
    assertThat(bucket.deleted()).doesNotContain(StorageKeys.image(job, 0));
  }

  @Test
  void purgePost_withoutConfirmation_deletesNothing_andGoesToTheConfirmation() {
    String job = paintedJob(me, "no confirm", 1);
    discard(me, job, 0);

    for (String body : List.of("", form("confirm", ""), form("confirm", "0".repeat(32)))) {
      HttpResponse<String> response = me.post("/app/purge", body);

      assertThat(response.statusCode()).as(body).isEqualTo(303);
      assertThat(response.headers().firstValue("Location")).as(body).hasValue("/app/purge");
    }
    assertThat(bucket.deleted()).doesNotContain(StorageKeys.image(job, 0));
    assertThat(me.get("/app/purge").body()).contains("<strong>1 discarded image</strong>");
  }

  @Test
  void confirmedPurge_deletesTheDiscarded_andSaysWhatWasFreed() {
    String job = paintedJob(me, "confirmed purge", 3);
    discard(me, job, 1);
    me.post("/app/images/" + job + "/0/mark", form("mark", "KEPT"));

    HttpResponse<String> purged = me.post("/app/purge", form("confirm", confirm(me)));

    assertThat(purged.statusCode()).isEqualTo(303);
    String location = purged.headers().firstValue("Location").orElseThrow();
    assertThat(location).isEqualTo("/app/purge?purged=1&freed=" + bytes(job, 1));
    assertThat(bucket.deleted())
        .contains(StorageKeys.image(job, 1), StorageKeys.thumbnail(job, 1))
        .doesNotContain(StorageKeys.image(job, 0), StorageKeys.image(job, 2));
    assertThat(me.get(location).body())
        .contains("Purged 1 image and freed " + bytes(job, 1) + " bytes.")
        .contains("Nothing discarded is waiting to be purged.");
  }

  @Test
  void aConfirmation_neverPurgesAnImageDiscardedAfterIt() {
    String job = paintedJob(me, "discarded since", 2);
    discard(me, job, 0);
    String confirm = confirm(me);
    discard(me, job, 1);

    HttpResponse<String> response = me.post("/app/purge", form("confirm", confirm));

    assertThat(response.headers().firstValue("Location")).hasValue("/app/purge");
    assertThat(bucket.deleted())
        .doesNotContain(StorageKeys.image(job, 0), StorageKeys.image(job, 1));
    assertThat(me.get("/app/purge").body()).contains("<strong>2 discarded images</strong>");
  }

  @Test
  void purge_countsAndDeletesOnlyTheOwnersImages() {
    String mine = paintedJob(me, "my discard", 1);
    String theirs = paintedJob(other, "their discard", 2);
    discard(me, mine, 0);
    discard(other, theirs, 0);
    discard(other, theirs, 1);

    assertThat(me.get("/app/purge").body()).contains("<strong>1 discarded image</strong>");
    String myConfirm = confirm(me);
    assertThat(
            other.post("/app/purge", form("confirm", myConfirm)).headers().firstValue("Location"))
        .hasValue("/app/purge");
    assertThat(bucket.deleted()).doesNotContain(StorageKeys.image(theirs, 0));
    assertThat(me.post("/app/purge", form("confirm", myConfirm)).statusCode()).isEqualTo(303);

    assertThat(bucket.deleted())
        .contains(StorageKeys.image(mine, 0))
        .doesNotContain(StorageKeys.image(theirs, 0), StorageKeys.image(theirs, 1));
    assertThat(other.get("/app/purge").body()).contains("<strong>2 discarded images</strong>");
  }

  @Test
  void confirmedPurge_withoutCsrfToken_isRefused_andDeletesNothing() {
    String job = paintedJob(me, "csrf purge", 1);
    discard(me, job, 0);

    HttpResponse<String> response = me.post("/app/purge", form("confirm", confirm(me)), false);

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(bucket.deleted()).doesNotContain(StorageKeys.image(job, 0));
  }

  @Test
  void purgeMessage_takesOnlyNumbers() {
    assertThat(me.get("/app/purge?purged=%3Cb%3E&freed=1").body()).doesNotContain("Purged");
    assertThat(me.get("/app/purge?purged=2&freed=1500000").body())
        .contains("Purged 2 images and freed 1.5 MB.");
  }

  // --- helpers ----------------------------------------------------------------------------------

  private static String confirm(Browser who) {
    Matcher m = CONFIRM.matcher(who.get("/app/purge").body());
    assertThat(m.find()).as("the confirmation page carries its confirm value").isTrue();
    return m.group(1);
  }

  /** The test bucket's size of an image and its thumbnail: each object's bytes are its key. */
  private static long bytes(String job, int index) {
    return StorageKeys.image(job, index).length() + StorageKeys.thumbnail(job, index).length();
  }

  private static void discard(Browser who, String job, int index) {
    assertThat(
            who.post("/app/images/" + job + "/" + index + "/mark", form("mark", "DISCARDED"))
                .statusCode())
        .isEqualTo(303);
  }

  private String paintedJob(Browser who, String prompt, int images) {
    Matcher m =
        JOB_ID.matcher(
            who.post("/app/jobs", form("prompt", prompt, "count", Integer.toString(images)))
                .headers()
                .firstValue("Location")
                .orElse(""));
    assertThat(m.find()).isTrue();
    List<ImageResult> results = new ArrayList<>();
    for (int i = 0; i < images; i++) {
      results.add(
          new ImageResult(
              i,
              100 + i,
              StorageKeys.image(m.group(1), i),
              StorageKeys.thumbnail(m.group(1), i),
              512,
              512));
    }
    events.apply(
        RunnerEvent.succeeded(
            m.group(1), "runner-1", Instant.now(clock), results, new Timings(1, 2, 3, 6)));
    return m.group(1);
  }
}
