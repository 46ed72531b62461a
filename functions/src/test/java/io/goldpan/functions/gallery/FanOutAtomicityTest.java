package io.goldpan.functions.gallery;

import static io.goldpan.functions.support.Browser.form;
import static org.assertj.core.api.Assertions.assertThat;

import io.goldpan.functions.auth.ApiKeys;
import io.goldpan.functions.support.Browser;
import io.goldpan.functions.support.RecordingJobQueue;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.api.Trigger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A fan-out is stored whole or not at all: when the database refuses one of its jobs, neither the
 * group nor any job before it is left behind, and nothing reaches the queue.
 */
@MicronautTest(transactional = false)
class FanOutAtomicityTest {
  private static final String REFUSED = "refused-by-the-database";

  @Inject EmbeddedServer server;
  @Inject ApiKeys apiKeys;
  @Inject RecordingJobQueue queue;
  @Inject DataSource dataSource;

  String owner;
  Browser me;

  @BeforeEach
  void setUp() throws SQLException {
    queue.failSends(false);
    owner = "fan-" + UUID.randomUUID();
    me = new Browser(server.getURI()).signIn(apiKeys.create(owner));
    execute(
        "CREATE TRIGGER refuse_marked_jobs BEFORE INSERT ON jobs FOR EACH ROW CALL \""
            + RefuseMarkedPrompts.class.getName()
            + "\"");
  }

  @AfterEach
  void dropTrigger() throws SQLException {
    execute("DROP TRIGGER IF EXISTS refuse_marked_jobs");
  }

  @Test
  void aJobTheDatabaseRefuses_leavesNoGroupAndNoEarlierJobOfItsFanOut() throws SQLException {
    int sent = queue.sent().size();

    HttpResponse<String> response =
        me.post("/app/jobs", form("prompt", "a fox {in snow|" + REFUSED + "|at dusk}"));

    assertThat(response.statusCode()).as("a database outage: try again").isEqualTo(503);
    assertThat(count("SELECT COUNT(*) FROM jobs WHERE owner = ?")).isZero();
    assertThat(count("SELECT COUNT(*) FROM job_groups WHERE owner = ?")).isZero();
    assertThat(queue.sent()).hasSize(sent);
  }

  @Test
  void withoutTheRefusedJob_theSameFanOutIsStoredWhole() throws SQLException {
    HttpResponse<String> response =
        me.post("/app/jobs", form("prompt", "a fox {in snow|in rain|at dusk}"));

    assertThat(response.statusCode()).isEqualTo(303);
    assertThat(count("SELECT COUNT(*) FROM jobs WHERE owner = ? AND group_id IS NOT NULL"))
        .isEqualTo(3);
    assertThat(count("SELECT COUNT(*) FROM job_groups WHERE owner = ?")).isEqualTo(1);
  }

  private void execute(String sql) throws SQLException {
    try (Connection c = DelegatingDataSource.unwrapDataSource(dataSource).getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private long count(String sql) throws SQLException {
    try (Connection c = DelegatingDataSource.unwrapDataSource(dataSource).getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, owner);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  /** Refuses to insert a job whose prompt carries {@link #REFUSED}, as a full disk would. */
  public static final class RefuseMarkedPrompts implements Trigger {
    private int prompt = -1;

    @Override
    public void init(
        Connection conn, String schema, String trigger, String table, boolean before, int type)
        throws SQLException {
      try (ResultSet columns = conn.getMetaData().getColumns(null, schema, table, null)) {
        while (columns.next()) {
          if (columns.getString("COLUMN_NAME").equalsIgnoreCase("prompt")) {
            prompt = columns.getInt("ORDINAL_POSITION") - 1;
          }
        }
      }
    }

    @Override
    public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
      if (String.valueOf(newRow[prompt]).contains(REFUSED)) {
        throw new SQLException("refused by a test trigger");
      }
    }
  }
}
