package io.imagesaga.service;

import io.imagesaga.GoText;
import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * What dockerd's STOPSIGNAL accepts (moby's {@code signal.ParseSignal} on Linux): any nonzero
 * int, or a Linux signal's name, with or without {@code SIG}, in any case. The value is kept as
 * given; only whether it is a signal is decided here.
 */
final class StopSignals {
  private static final Set<String> NAMES = names();

  private StopSignals() {}

  /** @throws RejectedException (400, dockerd's words) unless {@code raw} is a signal */
  static void check(String raw) {
    try {
      if (GoText.parseInt(raw, 64) != 0) {
        return;
      }
    } catch (GoText.Invalid notANumber) {
      String name = raw.toUpperCase(Locale.ROOT);
      if (NAMES.contains(name.startsWith("SIG") ? name.substring(3) : name)) {
        return;
      }
    }
    throw new RejectedException(new Rejection.InvalidParameter("invalid signal: " + raw));
  }

  private static Set<String> names() {
    Set<String> names = new HashSet<>(Set.of("ABRT", "ALRM", "BUS", "CHLD", "CLD", "CONT",
        "FPE", "HUP", "ILL", "INT", "IO", "IOT", "KILL", "PIPE", "POLL", "PROF", "PWR", "QUIT",
        "SEGV", "STKFLT", "STOP", "SYS", "TERM", "TRAP", "TSTP", "TTIN", "TTOU", "URG", "USR1",
        "USR2", "VTALRM", "WINCH", "XCPU", "XFSZ", "RTMIN", "RTMAX"));
    for (int i = 1; i <= 15; i++) {
      names.add("RTMIN+" + i);
    }
    for (int i = 1; i <= 14; i++) {
      names.add("RTMAX-" + i);
    }
    return Set.copyOf(names);
  }
}
