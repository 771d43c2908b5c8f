package io.imagesaga.testkit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/**
 * What this JVM logs from now on, at the levels logback-test.xml lets through, until closed;
 * for a test that awaits a line (Pekko logs through SLF4J, its MDC {@code pekkoAddress} naming
 * the actor system).
 */
public final class LogCapture implements AutoCloseable {
  private static final Duration POLL_EVERY = Duration.ofMillis(50);
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);

  private LogCapture() {
    appender.start();
    root.addAppender(appender);
  }

  public static LogCapture start() {
    return new LogCapture();
  }

  /** The first event that {@code matches}, waiting up to {@code within} for it. */
  public ILoggingEvent await(Predicate<ILoggingEvent> matches, Duration within)
      throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      List<ILoggingEvent> seen = events();
      for (ILoggingEvent event : seen) {
        if (matches.test(event)) {
          return event;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("nothing logged within " + within + " matched; logged:\n"
            + seen.stream().map(LogCapture::describe).collect(Collectors.joining("\n")));
      }
      Thread.sleep(POLL_EVERY.toMillis());
    }
  }

  public List<ILoggingEvent> events() {
    synchronized (appender) {
      return List.copyOf(appender.list);
    }
  }

  /** The level, logger, actor system address and message of {@code event}, on one line. */
  public static String describe(ILoggingEvent event) {
    return event.getLevel() + " " + event.getLoggerName() + " ["
        + event.getMDCPropertyMap().getOrDefault("pekkoAddress", "") + "] "
        + event.getFormattedMessage();
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    appender.stop();
  }
}
