package io.imagesaga.modelcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.imagesaga.model.DockerModel;
import io.imagesaga.testkit.NodeExtension;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Seeded random sequences of operations run against the plain sequential model of moby's
 * semantics ({@link DockerModel}) and against a real node: every answer, the final state and
 * the invariants of docs/design.md must agree. A failure prints its seed; replay one with
 * {@code mvn verify -Dtest=ModelBasedTest -Dimagesaga.seed=<seed>}.
 */
class ModelBasedTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.embedded();
  private static final int SEQUENCES = Integer.getInteger("imagesaga.sequences", 500);
  private static final int OPERATIONS = 30;
  private static final Long ONLY_SEED = Long.getLong("imagesaga.seed");

  /** How the rmi calls ended, to show the sequences reach every branch. */
  private static final Map<String, Integer> OUTCOMES = new java.util.TreeMap<>();


  @Test
  void node_agrees_with_the_model_on_random_sequences() {
    List<Long> seeds = new ArrayList<>();
    if (ONLY_SEED != null) {
      seeds.add(ONLY_SEED);
    } else {
      for (long seed = 1; seed <= SEQUENCES; seed++) {
        seeds.add(seed);
      }
    }
    for (long seed : seeds) {
      String failure = Sequence.start(seed).run(OPERATIONS);
      if (failure != null) {
        fail("seed " + seed + " (replay: -Dimagesaga.seed=" + seed + "):\n" + failure);
      }
    }
    System.out.println("model-based test: " + seeds.size() + " sequences of " + OPERATIONS
        + " operations agreed; rmi outcomes " + OUTCOMES);
  }

  /** After a restart on the same data dir, every sequence's final state is still the model's. */
  @Test
  void state_is_identical_after_a_restart() throws Exception {
    Map<Long, Sequence> sequences = new LinkedHashMap<>();
    for (long seed = 100_001; seed <= 100_040; seed++) {
      Sequence sequence = Sequence.start(seed);
      assertThat(sequence.run(OPERATIONS)).isNull();
      sequences.put(seed, sequence);
    }
    NODE.driver().restart();
    sequences.forEach((seed, s) -> {
      assertThat(StateComparison.compare(s.model(), NODE.driver(), s.universe()))
          .as("seed %d after restart", seed).isEmpty();
      assertThat(s.run(OPERATIONS)).as("seed %d continued after restart", seed).isNull();
    });
  }

  /** One sequence's model, what it created, and what it did (printed when it fails). */
  record Sequence(DockerModel model, Universe universe, OpGenerator generator,
      List<String> history) {

    static Sequence start(long seed) {
      Universe universe = new Universe();
      return new Sequence(new DockerModel(), universe, new OpGenerator(seed, universe),
          new ArrayList<>());
    }

    /** Runs {@code operations} more steps; null when all agreed, else what went wrong. */
    String run(int operations) {
      return runSequence(this, operations);
    }
  }

  private static String runSequence(Sequence sequence, int operations) {
    Universe universe = sequence.universe();
    OpGenerator generator = sequence.generator();
    DockerModel model = sequence.model();
    List<String> history = sequence.history();
    for (int i = 0; i < operations; i++) {
      Op op = generator.next(model);
      String expected = OpApplication.toModel(model, op);
      String actual = OpApplication.toNode(NODE.driver(), op);
      if (op instanceof Op.Rmi) {
        OUTCOMES.merge(outcome(expected), 1, Integer::sum);
      }
      history.add(history.size() + ": " + op + "\n     -> " + expected.replace("\n", " | "));
      if (!expected.equals(actual)) {
        return String.join("\n", history) + "\nexpected:\n" + expected + "\nactual:\n" + actual;
      }
    }
    List<String> problems = new ArrayList<>(model.checkInvariants());
    problems.addAll(StateComparison.compare(model, NODE.driver(), universe));
    return problems.isEmpty() ? null
        : String.join("\n", history) + "\nfinal state:\n" + String.join("\n", problems);
  }

  private static String outcome(String answer) {
    if (answer.matches("^\\d{3} .*")) {
      return answer.substring(0, 3) + (answer.contains("(must force)") ? " M5"
          : answer.contains("(must be forced)") ? " soft" : answer.contains("cannot be forced")
          ? " hard" : "");
    }
    return answer.contains("Deleted: ") ? "deleted" : "untagged only";
  }
}
