package io.imagesaga.security;

import io.imagesaga.security.AccessEvent.Refused;
import io.imagesaga.security.AccessEvent.RefusalsRepeated;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a flood of refusals is journaled without a write (an fsync) per refused request: per
 * client and permission, the first refusal is journaled at once and opens a window; refusals
 * inside it are only counted. When a window is {@code length} old it closes: if it counted any,
 * one {@link RefusalsRepeated} is journaled and a new window opens (so a steady flood costs one
 * write per window); if not, it ends, and the next refusal is journaled at once again. At most
 * {@code maxClients} windows are open; refusals of further clients are counted together under
 * {@link RefusalsRepeated#OTHERS}. Not thread-safe: one actor owns it.
 */
final class RefusalWindows {
  private record Key(String client, Permission needed) {}

  private static final class Window {
    private Instant since;
    private long count;
    private Refused last;

    Window(Instant since) {
      this.since = since;
    }
  }

  private final Duration length;
  private final int maxClients;
  private final Map<Key, Window> open = new LinkedHashMap<>();

  RefusalWindows(Duration length, int maxClients) {
    if (length.isNegative() || length.isZero() || maxClients < 1) {
      throw new IllegalArgumentException("a refusal window needs a positive length and bound");
    }
    this.length = length;
    this.maxClients = maxClients;
  }

  /** The refusal to journal now, or empty if a window counted it. */
  Optional<Refused> offer(Refused refused) {
    Key key = new Key(refused.provenance().client(), refused.needed());
    Window window = open.get(key);
    if (window == null && open.size() >= maxClients) {
      window = open.computeIfAbsent(new Key(RefusalsRepeated.OTHERS, refused.needed()),
          others -> new Window(refused.at()));
    }
    if (window == null) {
      open.put(key, new Window(refused.at()));
      return Optional.of(refused);
    }
    window.count++;
    window.last = refused;
    return Optional.empty();
  }

  /** What the windows {@code length} old or older by {@code now} journal as they close. */
  List<RefusalsRepeated> close(Instant now) {
    List<RefusalsRepeated> repeated = new ArrayList<>();
    for (Iterator<Map.Entry<Key, Window>> it = open.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Key, Window> entry = it.next();
      Window window = entry.getValue();
      if (window.since.plus(length).isAfter(now)) {
        continue;
      }
      if (window.count == 0) {
        it.remove();
        continue;
      }
      repeated.add(new RefusalsRepeated(entry.getKey().client(), entry.getKey().needed(),
          window.count, window.since, window.last, now));
      window.since = now;
      window.count = 0;
      window.last = null;
    }
    return repeated;
  }

  /** What every window journals when the node stops: the counts nothing journaled yet. */
  List<RefusalsRepeated> closeAll(Instant now) {
    List<RefusalsRepeated> repeated = new ArrayList<>();
    open.forEach((key, window) -> {
      if (window.count > 0) {
        repeated.add(new RefusalsRepeated(key.client(), key.needed(), window.count,
            window.since, window.last, now));
      }
    });
    open.clear();
    return repeated;
  }
}
