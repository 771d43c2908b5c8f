package io.imagesaga.api;

import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.StreamConverters;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.util.ByteString;

/**
 * A request body for blocking code that may stop reading before the body ends: a tar reader
 * stops at the archive's end-of-archive blocks (Python's {@code tarfile} pads after them, and a
 * chunked body's last chunk may still be on its way) or at its first error.
 *
 * <p>Closing {@link #stream()} never cancels the entity: the rest of the body is read and
 * dropped. Pekko HTTP treats a cancelled request entity as the end of the connection: with the
 * request still unanswered it aborts the connection (the client sees a reset and never gets
 * the answer), and an answer that starts before the body has ended is forced to
 * {@code Connection: close}, the close resetting whatever the client still sends. So a route
 * answers only once {@link #ended()}, and the connection stays usable for the next request.
 */
final class RequestBody implements AutoCloseable {
  /** How long a read waits for the client's next bytes. */
  private static final Duration READ_TIMEOUT = Duration.ofMinutes(5);

  private final InputStream stream;
  private final CompletionStage<Done> ended;

  private RequestBody(InputStream stream, CompletionStage<Done> ended) {
    this.stream = stream;
    this.ended = ended;
  }

  static RequestBody read(HttpEntity entity, Materializer materializer) {
    Pair<CompletionStage<Done>, InputStream> body = entity.getDataBytes()
        .watchTermination(Keep.right())
        .via(new DrainOnCancel<ByteString>())
        .toMat(StreamConverters.asInputStream(READ_TIMEOUT), Keep.both())
        .run(materializer);
    return new RequestBody(new ClientsFault(body.second()), body.first());
  }

  /**
   * The body's bytes; closing it drops the rest instead of cancelling the entity. A read fails
   * only for the client's doing (its connection ended inside the body, or it stopped sending
   * for {@link #READ_TIMEOUT}): a rejection, {@code unexpected EOF} as Go's body reader says,
   * never an error of the node.
   */
  InputStream stream() {
    return stream;
  }

  /** Completes once the whole body has arrived; fails if the connection failed first. */
  CompletionStage<Done> ended() {
    return ended;
  }

  /** Stops reading: the rest of the body is dropped as it arrives. Idempotent. */
  @Override
  public void close() {
    try {
      stream.close();
    } catch (IOException e) {
      // The adapter's close only signals its stage; there is nothing to undo.
    }
  }

  /** Reads through to the body, its failures turned into the client's rejection. */
  private static final class ClientsFault extends FilterInputStream {
    ClientsFault(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (IOException e) {
        throw cut(e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return super.read(b, off, len);
      } catch (IOException e) {
        throw cut(e);
      }
    }

    /** A body past its size limit stays what it is: the error map's 413. */
    private static IOException cut(IOException e) {
      if (e.getCause() instanceof EntityStreamSizeException) {
        return e;
      }
      throw new RejectedException(new Rejection.InvalidParameter("unexpected EOF"));
    }
  }

  /**
   * Passes elements on; once downstream cancels, keeps pulling and dropping them until the
   * upstream completes, so that the upstream is always read to its end.
   */
  private static final class DrainOnCancel<T> extends GraphStage<FlowShape<T, T>> {
    private final Inlet<T> in = Inlet.create("DrainOnCancel.in");
    private final Outlet<T> out = Outlet.create("DrainOnCancel.out");
    private final FlowShape<T, T> shape = FlowShape.of(in, out);

    @Override
    public FlowShape<T, T> shape() {
      return shape;
    }

    @Override
    public GraphStageLogic createLogic(Attributes attributes) {
      return new GraphStageLogic(shape) {
        private boolean draining;

        {
          setHandler(in, new AbstractInHandler() {
            @Override
            public void onPush() {
              T element = grab(in);
              if (draining) {
                pull(in);
              } else {
                push(out, element);
              }
            }
          });
          setHandler(out, new AbstractOutHandler() {
            @Override
            public void onPull() {
              pull(in);
            }

            @Override
            public void onDownstreamFinish(Throwable cause) {
              draining = true;
              if (!hasBeenPulled(in)) {
                pull(in);
              }
            }
          });
        }
      };
    }
  }
}
