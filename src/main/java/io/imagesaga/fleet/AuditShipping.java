package io.imagesaga.fleet;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

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

  /**
   * {@link #start}, reporting to this: for a fleet that starts shipping once it can. Shipping
   * stops in the system's shutdown, before its services do (coordinated shutdown's
   * {@code service-stop} phase), with no batch left being written.
   */
  void ship(ActorSystem<?> system, FleetSettings settings, HostJournal journal) {
    ActorRef<AuditShipper.Command> shipper = system.systemActorOf(
        AuditShipper.create(settings, journal, this), "audit-shipper", Props.empty());
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceStop(),
        "audit-shipping-stop", () -> AskPattern.<AuditShipper.Command, Done>ask(shipper,
            AuditShipper.Stop::new, AuditShipper.STOP_WAIT.plusSeconds(3), system.scheduler()));
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
