package io.imagesaga.audit;

import io.imagesaga.operation.OperationPlan;
import java.util.List;

/** {@link EventSummary} of an operation's plan: the docker command it carries out. */
final class PlanSummary {
  private PlanSummary() {}

  static String of(OperationPlan plan) {
    if (plan instanceof OperationPlan.SetReference p) {
      return "tag " + EventSummary.names(List.of(p.reference())) + " -> "
          + p.image().shortId();
    } else if (plan instanceof OperationPlan.RegisterImage p) {
      return "register " + p.metadata().id().shortId()
          + (p.references().isEmpty() ? "" : " as " + EventSummary.names(p.references()));
    } else if (plan instanceof OperationPlan.CreateContainer p) {
      return "create container " + p.spec().name() + " on " + p.spec().image();
    } else if (plan instanceof OperationPlan.RemoveContainer p) {
      return "rm " + (p.force() ? "-f " : "")
          + ImageEventSummary.shortContainer(p.containerId());
    } else if (plan instanceof OperationPlan.RunContainer p) {
      return (p.running() ? "start " : "stop ")
          + ImageEventSummary.shortContainer(p.containerId());
    }
    return plan.getClass().getSimpleName();
  }
}
