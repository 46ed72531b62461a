package io.goldpan.functions.gallery;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/** Group shares made before shares had contents keep showing what they showed: every image. */
class ShareContentsMigrationTest {

  @Test
  void groupSharesMadeBefore_showAll_andImageSharesStayWithout() throws SQLException {
    String url = "jdbc:h2:mem:share-migration-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    Flyway.configure().dataSource(url, "sa", "").target("14").load().migrate();
    try (Connection db = DriverManager.getConnection(url, "sa", "");
        Statement sql = db.createStatement()) {
      sql.executeUpdate(
          "INSERT INTO shares (id, token_hash, owner, job_id, idx, group_id, created_at,"
              + " expires_at) VALUES ('group-share', 'h1', 'o', NULL, NULL, 'g', CURRENT_TIMESTAMP,"
              + " CURRENT_TIMESTAMP), ('image-share', 'h2', 'o', 'j', 0, NULL, CURRENT_TIMESTAMP,"
              + " CURRENT_TIMESTAMP)");

      Flyway.configure().dataSource(url, "sa", "").load().migrate();

      Map<String, String> contents = new LinkedHashMap<>();
      try (ResultSet rows = sql.executeQuery("SELECT id, contents FROM shares ORDER BY id")) {
        while (rows.next()) {
          contents.put(rows.getString(1), rows.getString(2));
        }
      }
      assertThat(contents)
          .hasSize(2)
          .containsEntry("group-share", "ALL")
          .containsEntry("image-share", null);
    }
  }
}
