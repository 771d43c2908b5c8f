package io.imagesaga.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MachineInfoTest {

  @Test
  void reads_the_cpu_model_memory_and_os_name() {
    assertThat(MachineInfo.cpuModel("""
        processor\t: 0
        vendor_id\t: AuthenticAMD
        model name\t: AMD EPYC 7B13
        processor\t: 1
        model name\t: AMD EPYC 7B13
        """)).contains("AMD EPYC 7B13");
    assertThat(MachineInfo.memTotal("MemTotal:       24641264 kB\nMemFree: 1 kB\n"))
        .contains("23.5 GiB");
    assertThat(MachineInfo.prettyName("NAME=\"Debian\"\nPRETTY_NAME=\"Debian GNU/Linux 12 "
        + "(bookworm)\"\n")).contains("Debian GNU/Linux 12 (bookworm)");
  }

  @Test
  void a_missing_field_is_empty() {
    assertThat(MachineInfo.cpuModel("processor : 0\n")).isEmpty();
    assertThat(MachineInfo.memTotal("")).isEmpty();
  }
}
