package io.imagesaga.fleet;

/**
 * The plugins fleet entities journal to, named explicitly by each of them: the shared
 * PostgreSQL through pekko-persistence-jdbc, never a host's LevelDB (conf/cluster.conf).
 */
public final class FleetPersistence {
  public static final String JOURNAL = "jdbc-journal";
  public static final String SNAPSHOTS = "jdbc-snapshot-store";
  public static final String READ_JOURNAL = "jdbc-read-journal";

  private FleetPersistence() {}
}
