package io.metaline.server.http;

import io.javalin.http.sse.SseClient;
import io.metaline.server.service.Principal;
import io.metaline.server.service.StudyEvent;
import io.metaline.server.service.Studies;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-sent events of committed study changes, each client seeing only its own site's: event name = the
 * change's kind, data = {@code {"site","studyId","kind","trialId"}}. The services call {@link #publish} on the
 * thread that made the change, so it only queues (at most {@value #QUEUE} events per client; a client that falls
 * further behind loses the oldest news rather than slowing the line down); each client's own request thread
 * writes its queue out and sends a comment every {@code heartbeatMillis} so that a gone client is noticed.
 * Thread-safe; {@link #close} ends every stream.
 */
final class EventStream implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
    static final int QUEUE = 1024;
    private static final Object END = new Object();

    private record Client(String site, BlockingQueue<Object> queue) {}

    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    private final long heartbeatMillis;
    private final AutoCloseable subscription;
    private volatile boolean closed;

    EventStream(Studies studies, long heartbeatMillis) {
        this.heartbeatMillis = heartbeatMillis;
        this.subscription = studies.subscribe(this::publish);
    }

    void publish(StudyEvent e) {
        for (Client c : clients) {
            if (!c.site().equals(e.site())) continue;
            while (!c.queue().offer(e)) c.queue().poll();
        }
    }

    /** Streams events to one client until it goes away or the server stops (runs on the request's thread). */
    void serve(SseClient sse) {
        Principal who = Authentication.principal(sse.ctx());
        Client client = new Client(who.site(), new ArrayBlockingQueue<>(QUEUE));
        clients.add(client);
        try {
            sse.sendComment("metaline events for site " + who.site());
            while (!closed && !sse.terminated()) {
                Object next = client.queue().poll(heartbeatMillis, TimeUnit.MILLISECONDS);
                if (next == END) break;
                if (next == null) sse.sendComment("keep-alive");
                else sse.sendEvent(((StudyEvent) next).kind(), ApiJson.write(ApiJson.event((StudyEvent) next)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.debug("event stream ended: {}", e.toString());
        } finally {
            clients.remove(client);
            sse.close();
        }
    }

    int clients() {
        return clients.size();
    }

    @Override
    public void close() {
        closed = true;
        for (Client c : clients) {
            c.queue().clear();
            c.queue().offer(END);
        }
        try {
            subscription.close();
        } catch (Exception e) {
            LOG.warn("could not unsubscribe the event stream: {}", e.toString());
        }
    }
}
