package dev.tugboat.client.informer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.Status;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.client.clock.FakeClock;
import dev.tugboat.client.rest.ObjectList;
import dev.tugboat.client.rest.StatusException;
import dev.tugboat.client.rest.TransportException;
import dev.tugboat.client.rest.WatchEvent;
import dev.tugboat.client.testing.Poll;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SharedInformerTest {

    private final FakeClock clock = new FakeClock();
    private final FakeListerWatcher server = new FakeListerWatcher();
    private SharedInformer informer = new SharedInformer("test", server, InformerOptions.ALL, clock);

    @AfterEach
    void close() {
        informer.close();
    }

    static ObjectNode obj(String name, String rv) {
        ObjectNode o = Json.object();
        o.putObject("metadata").put("namespace", "ns").put("name", name).put("resourceVersion", rv);
        return o;
    }

    static ObjectList list(String rv, ObjectNode... items) {
        return new ObjectList(List.of(items), rv, "");
    }

    static WatchEvent event(WatchEvent.Type type, ObjectNode obj) {
        return new WatchEvent(type, obj);
    }

    static WatchEvent bookmark(String rv) {
        return event(WatchEvent.Type.BOOKMARK, obj("", rv));
    }

    /** Records notifications as readable lines. */
    static final class Recorder implements ResourceEventHandler {
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onAdd(ObjectNode obj, boolean initialList) {
            lines.add("add " + Meta.name(obj) + "@" + Meta.resourceVersion(obj) + (initialList ? " initial" : ""));
        }

        @Override
        public void onUpdate(ObjectNode oldObj, ObjectNode newObj) {
            lines.add("update " + Meta.name(newObj) + "@" + Meta.resourceVersion(oldObj) + "->"
                    + Meta.resourceVersion(newObj));
        }

        @Override
        public void onDelete(ObjectNode obj, boolean finalStateUnknown) {
            lines.add("delete " + Meta.name(obj) + "@" + Meta.resourceVersion(obj)
                    + (finalStateUnknown ? " final-state-unknown" : ""));
        }

        List<String> await(int n) {
            Poll.until(n + " notifications, have " + lines, () -> lines.size() >= n);
            synchronized (lines) {
                return List.copyOf(lines);
            }
        }
    }

    private Recorder startWith(ObjectList initial) {
        Recorder r = new Recorder();
        informer.addEventHandler(r);
        server.answerList(initial);
        informer.start();
        return r;
    }

    @Test
    void theInitialListArrivesAsAddsAndThenTheInformerHasSynced() throws Exception {
        Recorder r = new Recorder();
        HandlerRegistration reg = informer.addEventHandler(r);
        assertThat(informer.hasSynced()).isFalse();
        server.answerList(list("10", obj("a", "5"), obj("b", "7")));
        server.answerWatch();
        informer.start();

        assertThat(informer.awaitSynced(Duration.ofSeconds(10))).isTrue();
        assertThat(r.await(2)).containsExactlyInAnyOrder("add a@5 initial", "add b@7 initial");
        Poll.until("the handler has synced", reg::hasSynced);
        assertThat(informer.cache().keys()).containsExactlyInAnyOrder(new ObjectKey("ns", "a"),
                new ObjectKey("ns", "b"));
        Poll.until("a watch", () -> server.watches.size() == 1);
        assertThat(server.watches.get(0).resourceVersion()).isEqualTo("10");
        assertThat(server.watches.get(0).allowBookmarks()).isTrue();
        assertThat(server.watches.get(0).timeoutSeconds()).isBetween(300L, 600L);
    }

    @Test
    void watchEventsUpdateTheCacheAndReachTheHandlerInOrder() {
        FakeListerWatcher.FakeWatch w = server.answerWatch();
        Recorder r = startWith(list("10", obj("a", "5")));

        w.send(event(WatchEvent.Type.ADDED, obj("b", "11")))
                .send(event(WatchEvent.Type.MODIFIED, obj("a", "12")))
                .send(event(WatchEvent.Type.DELETED, obj("b", "13")));

        assertThat(r.await(4)).containsExactly("add a@5 initial", "add b@11", "update a@5->12", "delete b@13");
        assertThat(informer.cache().list()).extracting(Meta::resourceVersion).containsExactly("12");
        // The reflector records the revision after handing the event on, so the handler may be first.
        Poll.until("resourceVersion 13 recorded", () -> informer.lastSyncResourceVersion().equals("13"));
    }

    @Test
    void aWatchThatEndsIsResumedFromTheNewestResourceVersionIncludingBookmarks() {
        FakeListerWatcher.FakeWatch first = server.answerWatch();
        server.answerWatch();
        startWith(list("10"));

        first.send(event(WatchEvent.Type.ADDED, obj("a", "11"))).send(bookmark("20"));
        first.end();

        Poll.until("a second watch", () -> server.watches.size() == 2);
        assertThat(server.watches.get(1).resourceVersion()).isEqualTo("20");
        assertThat(server.lists).as("no re-list").hasSize(1);
    }

    @Test
    void anExpiredWatchRelistsAndReportsWhatVanishedAsDeletesWithUnknownFinalState() {
        FakeListerWatcher.FakeWatch w = server.answerWatch();
        Recorder r = startWith(list("10", obj("a", "5"), obj("b", "6"), obj("c", "7")));
        r.await(3);

        server.answerList(list("30", obj("a", "5"), obj("b", "25"), obj("d", "26")));
        server.answerWatch();
        w.send(event(WatchEvent.Type.ERROR, Status.failure(410, "Expired", "too old resource version: 10 (20)",
                null).toJson()));

        assertThat(r.await(6).subList(3, 6)).containsExactlyInAnyOrder("delete c@7 final-state-unknown",
                "update b@6->25", "add d@26");
        Poll.until("a watch from the new list", () -> server.watches.size() == 2);
        assertThat(server.watches.get(1).resourceVersion()).isEqualTo("30");
        assertThat(informer.cache().keys()).extracting(ObjectKey::name).containsExactlyInAnyOrder("a", "b", "d");
    }

    @Test
    void aGoneAnswerToTheWatchRequestRelistsAtOnce() {
        server.answerList(list("10"));
        server.failWatch(new StatusException(Status.failure(410, "Expired", "too old", null)));
        server.answerList(list("40", obj("a", "39")));
        server.answerWatch();
        Recorder r = new Recorder();
        informer.addEventHandler(r);
        informer.start();

        assertThat(r.await(1)).containsExactly("add a@39");
        Poll.until("a watch from 40", () -> server.watches.size() == 2);
        assertThat(server.watches.get(1).resourceVersion()).isEqualTo("40");
        assertThat(clock.pendingTimers()).as("no backoff for 410").isZero();
    }

    @Test
    void aBrokenConnectionBacksOffOnTheClockThenWatchesAgainWithoutRelisting() throws Exception {
        FakeListerWatcher.FakeWatch w = server.answerWatch();
        startWith(list("10"));
        w.send(event(WatchEvent.Type.ADDED, obj("a", "11")));
        w.fail(new TransportException("connection reset", null));

        clock.awaitPendingTimers(1, Duration.ofSeconds(10));
        assertThat(clock.pendingDelays().get(0)).isBetween(Duration.ofMillis(800), Duration.ofMillis(1600));
        assertThat(server.watches).hasSize(1);

        server.answerWatch();
        clock.advance(Duration.ofSeconds(2));
        Poll.until("a second watch", () -> server.watches.size() == 2);
        assertThat(server.watches.get(1).resourceVersion()).isEqualTo("11");
        assertThat(server.lists).hasSize(1);
    }

    @Test
    void aFailedListIsRetriedAfterBackoff() throws Exception {
        server.answerList(new TransportException("connection refused", null));
        Recorder r = new Recorder();
        informer.addEventHandler(r);
        informer.start();

        clock.awaitPendingTimers(1, Duration.ofSeconds(10));
        assertThat(informer.hasSynced()).isFalse();
        server.answerList(list("5", obj("a", "4")));
        server.answerWatch();
        clock.advance(Duration.ofSeconds(2));

        assertThat(r.await(1)).containsExactly("add a@4 initial");
        assertThat(informer.awaitSynced(Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void theTransformShapesWhatIsCachedAndHandedToHandlersFromListsAndWatches() throws Exception {
        informer.close();
        informer = new SharedInformer("stripped", server,
                InformerOptions.ALL.withTransform(InformerOptions.STRIP_MANAGED_FIELDS), clock);
        ObjectNode listed = obj("a", "5");
        listed.withObjectProperty("metadata").putArray("managedFields").addObject().put("manager", "kubectl");
        FakeListerWatcher.FakeWatch w = server.answerWatch();
        List<ObjectNode> seen = Collections.synchronizedList(new ArrayList<>());
        informer.addEventHandler(ResourceEventHandler.onAnyChange(seen::add));
        server.answerList(list("10", listed));
        informer.start();
        ObjectNode watched = obj("b", "11");
        watched.withObjectProperty("metadata").putArray("managedFields").addObject().put("manager", "kubectl");
        w.send(event(WatchEvent.Type.ADDED, watched));

        Poll.until("two notifications", () -> seen.size() == 2);
        assertThat(seen).extracting(Meta::name).containsExactly("a", "b");
        assertThat(seen).allSatisfy(o -> assertThat(o.path("metadata").has("managedFields")).isFalse());
        assertThat(informer.cache().list()).allSatisfy(o -> assertThat(o.path("metadata").has("managedFields")).isFalse());
    }

    @Test
    void aListSpanningSeveralPagesIsReadAtTheFirstPagesRevision() throws Exception {
        informer.close();
        informer = new SharedInformer("paged", server, InformerOptions.ALL.withPageSize(2), clock);
        server.answerList(new ObjectList(List.of(obj("a", "1"), obj("b", "2")), "9", "token-1"));
        server.answerList(new ObjectList(List.of(obj("c", "3")), "", ""));
        server.answerWatch();
        Recorder r = new Recorder();
        informer.addEventHandler(r);
        informer.start();

        assertThat(r.await(3)).hasSize(3);
        assertThat(server.lists).extracting(o -> o.limit() + ":" + o.continueToken())
                .containsExactly("2:", "2:token-1");
        Poll.until("a watch", () -> server.watches.size() == 1);
        assertThat(server.watches.get(0).resourceVersion()).isEqualTo("9");
    }

    @Test
    void aHandlerAddedLaterFirstReceivesTheCachedObjects() throws Exception {
        FakeListerWatcher.FakeWatch w = server.answerWatch();
        startWith(list("10", obj("a", "5")));
        informer.awaitSynced(Duration.ofSeconds(10));

        Recorder late = new Recorder();
        HandlerRegistration reg = informer.addEventHandler(late);
        w.send(event(WatchEvent.Type.MODIFIED, obj("a", "11")));

        assertThat(late.await(2)).containsExactly("add a@5 initial", "update a@5->11");
        Poll.until("the late handler has synced", reg::hasSynced);
    }

    @Test
    void resyncRedeliversEveryCachedObjectAsAnUpdateWithItself() throws Exception {
        informer.close();
        informer = new SharedInformer("resync", server, InformerOptions.ALL.withResyncPeriod(Duration.ofMinutes(1)),
                clock);
        server.answerWatch();
        Recorder r = startWith(list("10", obj("a", "5")));
        r.await(1);

        clock.advance(Duration.ofMinutes(1));
        assertThat(r.await(2)).containsExactly("add a@5 initial", "update a@5->5");
        clock.advance(Duration.ofMinutes(1));
        assertThat(r.await(3)).endsWith("update a@5->5");
    }

    @Test
    void aHandlersOwnResyncPeriodResyncsThatHandlerOnly() throws Exception {
        FakeListerWatcher.FakeWatch w = server.answerWatch();
        Recorder quiet = new Recorder();
        Recorder everyMinute = new Recorder();
        Recorder everyThree = new Recorder();
        informer.addEventHandler(quiet);
        informer.addEventHandler(everyMinute, Duration.ofMinutes(1));
        informer.addEventHandler(everyThree, Duration.ofMinutes(3));
        server.answerList(list("10", obj("a", "5")));
        informer.start();
        informer.awaitSynced(Duration.ofSeconds(10));
        everyMinute.await(1);

        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofMinutes(1));
        }

        assertThat(everyMinute.await(4)).containsExactly("add a@5 initial", "update a@5->5", "update a@5->5",
                "update a@5->5");
        assertThat(everyThree.await(2)).containsExactly("add a@5 initial", "update a@5->5");
        // Every listener gets its notifications in the informer's order: had the quiet handler been
        // resynced, those updates would come before this add.
        w.send(event(WatchEvent.Type.ADDED, obj("b", "11")));
        assertThat(quiet.await(2)).containsExactly("add a@5 initial", "add b@11");
        assertThat(clock.pendingDelays()).containsExactlyInAnyOrder(Duration.ofMinutes(1), Duration.ofMinutes(3));
    }

    @Test
    void aHandlerAddedAfterStartStartsItsResyncPeriodThen() throws Exception {
        server.answerWatch();
        startWith(list("10", obj("a", "5"))).await(1);
        informer.awaitSynced(Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(30));

        Recorder late = new Recorder();
        informer.addEventHandler(late, Duration.ofMinutes(1));
        clock.advance(Duration.ofSeconds(45));
        assertThat(late.await(1)).containsExactly("add a@5 initial");
        clock.advance(Duration.ofSeconds(15));

        assertThat(late.await(2)).containsExactly("add a@5 initial", "update a@5->5");
    }

    @Test
    void aRemovedHandlerGetsNothingMoreAndItsResyncStops() throws Exception {
        FakeListerWatcher.FakeWatch w = server.answerWatch();
        Recorder removed = new Recorder();
        HandlerRegistration reg = informer.addEventHandler(removed, Duration.ofMinutes(1));
        Recorder kept = startWith(list("10", obj("a", "5")));
        removed.await(1);

        informer.removeEventHandler(reg);
        w.send(event(WatchEvent.Type.ADDED, obj("b", "11")));

        assertThat(kept.await(2)).containsExactly("add a@5 initial", "add b@11");
        assertThat(clock.pendingDelays()).doesNotContain(Duration.ofMinutes(1));
        assertThat(removed.lines).containsExactly("add a@5 initial");
    }

    @Test
    void closingCancelsEveryHandlersResync() {
        server.answerWatch();
        informer.addEventHandler(new Recorder(), Duration.ofMinutes(1));
        startWith(list("10"));
        assertThat(clock.pendingTimers()).isEqualTo(1);

        informer.close();

        assertThat(clock.pendingTimers()).isZero();
    }

    @Test
    void aFailingHandlerNeitherStopsItsOwnDeliveryNorOthers() {
        FakeListerWatcher.FakeWatch w = server.answerWatch();
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        informer.addEventHandler(ResourceEventHandler.onAnyChange(o -> {
            seen.add(Meta.name(o));
            throw new IllegalStateException("handler bug");
        }));
        Recorder r = startWith(list("10", obj("a", "5")));

        w.send(event(WatchEvent.Type.ADDED, obj("b", "11")));

        assertThat(r.await(2)).hasSize(2);
        Poll.until("the failing handler saw both", () -> seen.size() == 2);
    }

    @Test
    void closeEndsTheWatchAndTheThreads() {
        FakeListerWatcher.FakeWatch w = server.answerWatch();
        startWith(list("10"));
        Poll.until("a watch", () -> server.watches.size() == 1);

        informer.close();

        assertThat(w.closed).isTrue();
    }

    @Test
    void indexesFindObjectsByComputedValues() throws Exception {
        informer.addIndex("byLabel", o -> List.of(Meta.labels(o).getOrDefault("app", "")));
        ObjectNode a = obj("a", "1");
        ((ObjectNode) a.get("metadata")).putObject("labels").put("app", "web");
        FakeListerWatcher.FakeWatch w = server.answerWatch();
        startWith(list("10", a, obj("b", "2")));
        informer.awaitSynced(Duration.ofSeconds(10));

        assertThat(informer.cache().byIndex("byLabel", "web")).extracting(Meta::name).containsExactly("a");
        ObjectNode a2 = obj("a", "11");
        ((ObjectNode) a2.get("metadata")).putObject("labels").put("app", "db");
        w.send(event(WatchEvent.Type.MODIFIED, a2));
        Poll.until("re-indexed", () -> informer.cache().byIndex("byLabel", "web").isEmpty());
        assertThat(informer.cache().byIndex("byLabel", "db")).extracting(Meta::name).containsExactly("a");
        assertThat(informer.cache().list("ns")).hasSize(2);
    }

    @Test
    void addingTheSameIndexTwiceIsHarmlessButAnotherFunctionUnderItsNameIsRefused() {
        IndexFunction byName = o -> List.of(Meta.name(o));
        informer.addIndex("byName", byName);
        informer.addIndex("byName", byName);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> informer.addIndex("byName", o -> List.of("x")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
