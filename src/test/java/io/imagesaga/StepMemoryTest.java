package io.imagesaga;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Which steps an entity remembers: its sagas' until forgotten, legacy ones among the last 128. */
class StepMemoryTest {
  private record Step(String name, boolean legacy) {}

  @Test
  void a_step_belongs_to_its_saga_and_to_no_saga_whose_id_merely_starts_it() {
    assertThat(StepMemory.belongsTo("op-1", "op-1")).isTrue();
    assertThat(StepMemory.belongsTo("op-1/reference/0", "op-1")).isTrue();
    assertThat(StepMemory.belongsTo("op-1/sha256:ab", "op-1")).isTrue();
    assertThat(StepMemory.belongsTo("op-10/reference/0", "op-1")).isFalse();
    assertThat(StepMemory.belongsTo("op-1", "op-1/reference/0")).isFalse();
    assertThat(StepMemory.belongsTo(null, "op-1")).isFalse();
  }

  @Test
  void steps_of_sagas_that_forget_are_never_dropped_for_room() {
    List<Step> steps = List.of();
    for (int i = 0; i < 1000; i++) {
      steps = StepMemory.remember(steps, new Step("saga-" + i, false), Step::legacy);
    }
    assertThat(steps).hasSize(1000);
    steps = StepMemory.forget(steps, step -> StepMemory.belongsTo(step.name(), "saga-7"));
    assertThat(steps).hasSize(999).noneMatch(step -> step.name().equals("saga-7"));
  }

  @Test
  void legacy_steps_are_the_last_128_of_them_beside_any_number_of_others() {
    List<Step> steps = new ArrayList<>();
    steps = StepMemory.remember(steps, new Step("new-0", false), Step::legacy);
    for (int i = 0; i < 200; i++) {
      steps = StepMemory.remember(steps, new Step("old-" + i, true), Step::legacy);
    }
    steps = StepMemory.remember(steps, new Step("new-1", false), Step::legacy);
    assertThat(steps).filteredOn(Step::legacy).extracting(Step::name)
        .containsExactlyElementsOf(IntStream.range(72, 200).mapToObj(i -> "old-" + i).toList());
    assertThat(steps).filteredOn(step -> !step.legacy()).extracting(Step::name)
        .containsExactly("new-0", "new-1");
  }
}
