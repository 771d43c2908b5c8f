package io.imagesaga.modelcheck;

import io.imagesaga.deletion.DeleteOptions;
import io.imagesaga.model.DockerModel;
import io.imagesaga.model.ModelResult;
import io.imagesaga.reference.ImageId;
import io.imagesaga.testkit.NodeDriver;

/**
 * One {@link Op} applied to the model or to a node, the answer rendered the same way for both
 * so that the two compare as strings.
 */
public final class OpApplication {
  private OpApplication() {}

  public static String toModel(DockerModel model, Op op) {
    if (op instanceof Op.Register r) {
      ImageId id = ImageId.fromConfig(NodeDriver.config(r.seed(), r.diffIds()));
      ModelResult result = model.register(id, r.parent().orElse(null), r.diffIds(),
          r.diffIds().stream().map(d -> 1000L).toList());
      if (!(result instanceof ModelResult.Ok)) {
        return render(result);
      }
      for (String tag : r.tags()) {
        String tagged = render(model.tag(id.toString(), tag));
        if (!tagged.isEmpty()) {
          return tagged;
        }
      }
      return id.toString();
    } else if (op instanceof Op.Tag t) {
      return render(model.tag(t.source(), t.target()));
    } else if (op instanceof Op.AddDigest d) {
      return render(model.addDigestReference(d.reference(), d.image()));
    } else if (op instanceof Op.Create c) {
      return okOrError(model.createContainer(c.containerId(), c.image()));
    } else if (op instanceof Op.Start s) {
      return okOrError(model.start(s.containerId()));
    } else if (op instanceof Op.Stop s) {
      return okOrError(model.stop(s.containerId()));
    } else if (op instanceof Op.Remove r) {
      return okOrError(model.removeContainer(r.containerId(), r.force()));
    }
    Op.Rmi rmi = (Op.Rmi) op;
    return render(model.rmi(rmi.name(), rmi.force(), rmi.prune()));
  }

  public static String toNode(NodeDriver node, Op op) {
    if (op instanceof Op.Register r) {
      return node.registerResult(r.seed(), r.parent(), r.diffIds(), r.tags());
    } else if (op instanceof Op.Tag t) {
      return node.tag(t.source(), t.target());
    } else if (op instanceof Op.AddDigest d) {
      return node.addDigest(d.reference(), d.image());
    } else if (op instanceof Op.Create c) {
      return okOrError(node.createContainer(c.containerId(), c.image()));
    } else if (op instanceof Op.Start s) {
      return okOrError(node.start(s.containerId()));
    } else if (op instanceof Op.Stop s) {
      return okOrError(node.stop(s.containerId()));
    } else if (op instanceof Op.Remove r) {
      return okOrError(node.removeContainer(r.containerId(), r.force()));
    }
    Op.Rmi rmi = (Op.Rmi) op;
    return node.rmi(rmi.name(), new DeleteOptions(rmi.force(), rmi.prune()));
  }

  /** Records one per line, or {@code <status> <message>}. */
  static String render(ModelResult result) {
    if (result instanceof ModelResult.Ok ok) {
      return String.join("\n", ok.records());
    }
    ModelResult.Error error = (ModelResult.Error) result;
    return error.status() + " " + error.message();
  }

  private static String okOrError(ModelResult result) {
    return result instanceof ModelResult.Ok ? "ok" : render(result);
  }

  /** The node's answers to container operations are their new state; only errors compare. */
  private static String okOrError(String nodeAnswer) {
    return nodeAnswer.matches("^[1-5]\\d\\d .*") ? nodeAnswer : "ok";
  }
}
