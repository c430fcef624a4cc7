package io.livelog.store.control;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The embedded store: one H2 file. {@code WRITE_DELAY=0} writes each commit to the file before the
 * commit returns, so a killed JVM loses nothing committed; {@code DB_CLOSE_ON_EXIT=FALSE} leaves
 * closing to the application (no shutdown hook holding the WAR's class loader); the database closes
 * when its last connection does.
 */
final class H2 {

  static final String FILE = "livelog";

  private H2() {}

  static DataSource dataSource(Path directory) {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL(url(directory));
    ds.setUser("livelog");
    ds.setPassword("");
    return ds;
  }

  static String url(Path directory) {
    return "jdbc:h2:file:"
        + directory.toAbsolutePath().resolve(FILE)
        + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
  }
}
