package io.imagesaga.fleet;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;

/**
 * How far this agent shipped its host's audit log into the fleet's PostgreSQL (docs/fleet.md,
 * "Audit"), as values a reader may poll at any time: the shipper updates them as it goes.
 * Offsets are the host's audit tag's, which LevelDB numbers without gaps, so a difference of
 * offsets is a count of events.
 */
public final class AuditShipping {
  private final AtomicLong shipped = new AtomicLong();
  private final AtomicLong hostEnd = new AtomicLong();
  private final AtomicLong sent = new AtomicLong();

  AuditShipping() {}

  /**
   * Starts shipping the audit log of {@code journal}'s host as {@code settings.hostName()}, by
   * an actor of {@code system} (which stops it when it terminates); the journal is read through
   * the host's system.
   */
  public static AuditShipping start(ActorSystem<?> system, FleetSettings settings,
      HostJournal journal) {
    AuditShipping shipping = new AuditShipping();
    shipping.ship(system, settings, journal);
    return shipping;
  }

  /** {@link #start}, reporting to this: for a fleet that starts shipping once it can. */
  void ship(ActorSystem<?> system, FleetSettings settings, HostJournal journal) {
    system.systemActorOf(AuditShipper.create(settings, journal, this), "audit-shipper",
        Props.empty());
  }

  /** The offset up to which the host's audit log is in PostgreSQL, as last read or written. */
  public long shippedOffset() {
    return shipped.get();
  }

  /** The offset of the host's last audit event, as last asked (before each shipping round). */
  public long hostEnd() {
    return hostEnd.get();
  }

  /**
   * Events the host wrote that are not yet known to be in PostgreSQL: its last offset less the
   * offset shipped. Until the shipper has read its stored offset, everything counts as behind.
   */
  public long lag() {
    return Math.max(0, hostEnd.get() - shipped.get());
  }

  /** Events this shipper wrote since it started (already there or not). */
  public long sent() {
    return sent.get();
  }

  void shipped(long offset, int events) {
    shipped.set(offset);
    sent.addAndGet(events);
  }

  void stored(long offset) {
    shipped.set(offset);
  }

  void hostEnd(long offset) {
    hostEnd.set(offset);
  }
}
