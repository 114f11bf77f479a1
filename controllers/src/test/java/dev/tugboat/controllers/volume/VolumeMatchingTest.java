package dev.tugboat.controllers.volume;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tugboat.api.labels.LabelSelector;
import dev.tugboat.api.quantity.Quantity;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The best volume for a claim, as upstream's findBestMatchForClaim picks it. */
class VolumeMatchingTest {

    static final Set<String> RWO = Set.of("ReadWriteOnce");

    static Claim claim(String size) {
        return new Claim("ns", "data", "uid-1", "", RWO, Quantity.parse(size), "Filesystem",
                LabelSelector.everything());
    }

    static Claim withClass(Claim c, String cls) {
        return new Claim(c.namespace(), c.name(), c.uid(), cls, c.accessModes(), c.request(), c.volumeMode(),
                c.selector());
    }

    static Claim withModes(Claim c, Set<String> modes) {
        return new Claim(c.namespace(), c.name(), c.uid(), c.storageClass(), modes, c.request(), c.volumeMode(),
                c.selector());
    }

    static Claim withSelector(Claim c, String selector) {
        return new Claim(c.namespace(), c.name(), c.uid(), c.storageClass(), c.accessModes(), c.request(),
                c.volumeMode(), LabelSelector.parse(selector));
    }

    static Claim block(Claim c) {
        return new Claim(c.namespace(), c.name(), c.uid(), c.storageClass(), c.accessModes(), c.request(), "Block",
                c.selector());
    }

    static Volume pv(String name, String size) {
        return new Volume(name, "", RWO, Quantity.parse(size), "Filesystem", Map.of(), "Available", Optional.empty(),
                false);
    }

    static Volume with(Volume v, String cls, Set<String> modes, Map<String, String> labels, String phase,
                       Optional<ClaimRef> ref, boolean deleting) {
        return new Volume(v.name(), cls, modes, v.capacity(), v.volumeMode(), labels, phase, ref, deleting);
    }

    static Volume classed(Volume v, String cls) {
        return with(v, cls, v.accessModes(), v.labels(), v.phase(), v.claimRef(), v.deleting());
    }

    static Volume modes(Volume v, Set<String> modes) {
        return with(v, v.storageClass(), modes, v.labels(), v.phase(), v.claimRef(), v.deleting());
    }

    static Volume labelled(Volume v, Map<String, String> labels) {
        return with(v, v.storageClass(), v.accessModes(), labels, v.phase(), v.claimRef(), v.deleting());
    }

    static Volume phase(Volume v, String phase) {
        return with(v, v.storageClass(), v.accessModes(), v.labels(), phase, v.claimRef(), v.deleting());
    }

    static Volume reserved(Volume v, String ns, String name, String uid) {
        return with(v, v.storageClass(), v.accessModes(), v.labels(), v.phase(),
                Optional.of(new ClaimRef(ns, name, uid)), v.deleting());
    }

    static Volume deleting(Volume v) {
        return with(v, v.storageClass(), v.accessModes(), v.labels(), v.phase(), v.claimRef(), true);
    }

    static Volume blockMode(Volume v) {
        return new Volume(v.name(), v.storageClass(), v.accessModes(), v.capacity(), "Block", v.labels(), v.phase(),
                v.claimRef(), v.deleting());
    }

    record Case(String name, Claim claim, List<Volume> volumes, boolean delay, Optional<String> want) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        Claim c = claim("5Gi");
        Optional<String> none = Optional.empty();
        return Stream.of(
                new Case("no volumes, no match", c, List.of(), false, none),
                new Case("the smallest volume that is large enough wins", c,
                        List.of(pv("big", "100Gi"), pv("small", "1Gi"), pv("fit", "8Gi"), pv("exact", "5120Mi")),
                        false, Optional.of("exact")),
                new Case("a volume smaller than the request never matches", c, List.of(pv("small", "4Gi")), false, none),
                new Case("the class must be the claim's", withClass(c, "fast"),
                        List.of(pv("none", "5Gi"), classed(pv("slow", "5Gi"), "slow"), classed(pv("f", "9Gi"), "fast")),
                        false, Optional.of("f")),
                new Case("a claim without class only takes volumes without class", c,
                        List.of(classed(pv("fast", "5Gi"), "fast")), false, none),
                new Case("the volume must offer every access mode asked for",
                        withModes(c, Set.of("ReadWriteOnce", "ReadOnlyMany")),
                        List.of(pv("rwo", "5Gi"), modes(pv("both", "50Gi"), Set.of("ReadWriteOnce", "ReadOnlyMany"))),
                        false, Optional.of("both")),
                new Case("fewer access modes beat a smaller size", c,
                        List.of(modes(pv("many", "5Gi"), Set.of("ReadWriteOnce", "ReadWriteMany")), pv("one", "10Gi")),
                        false, Optional.of("one")),
                new Case("the volume mode must match", block(c), List.of(pv("fs", "5Gi"), blockMode(pv("blk", "6Gi"))),
                        false, Optional.of("blk")),
                new Case("the selector filters by the volume's labels", withSelector(c, "tier=gold"),
                        List.of(pv("plain", "5Gi"), labelled(pv("gold", "6Gi"), Map.of("tier", "gold"))),
                        false, Optional.of("gold")),
                new Case("only Available volumes are matched", c,
                        List.of(phase(pv("pending", "5Gi"), "Pending"), phase(pv("released", "5Gi"), "Released")),
                        false, none),
                new Case("a volume reserved for another claim is not matched", c,
                        List.of(reserved(pv("other", "5Gi"), "ns", "other", "")), false, none),
                new Case("a volume being deleted is not matched", c, List.of(deleting(pv("going", "5Gi"))), false, none),
                new Case("a volume reserved for the claim by name comes first, even if larger", c,
                        List.of(pv("fit", "5Gi"), reserved(pv("mine", "50Gi"), "ns", "data", "")),
                        false, Optional.of("mine")),
                new Case("a reservation with the claim's uid counts, another uid does not", c,
                        List.of(reserved(pv("old", "5Gi"), "ns", "data", "uid-0"),
                                reserved(pv("mine", "7Gi"), "ns", "data", "uid-1")), false, Optional.of("mine")),
                new Case("a reserved volume need not be of the claim's class or selected by it",
                        withSelector(withClass(c, "fast"), "tier=gold"),
                        List.of(phase(reserved(pv("mine", "5Gi"), "ns", "data", ""), "Pending")),
                        false, Optional.of("mine")),
                new Case("a reserved volume that is too small does not match", c,
                        List.of(reserved(pv("mine", "1Gi"), "ns", "data", "")), false, none),
                new Case("delayed binding matches only reserved volumes", c,
                        List.of(pv("fit", "5Gi")), true, none),
                new Case("delayed binding still takes a reserved volume", c,
                        List.of(pv("fit", "5Gi"), reserved(pv("mine", "6Gi"), "ns", "data", "uid-1")), true,
                        Optional.of("mine")));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void picksTheBestVolume(Case c) {
        assertThat(VolumeMatching.bestMatch(c.claim(), c.volumes(), c.delay()).map(Volume::name)).isEqualTo(c.want());
    }

    record MismatchCase(String name, Claim claim, Volume volume, Optional<String> want) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<MismatchCase> mismatches() {
        Claim c = claim("5Gi");
        return Stream.of(
                new MismatchCase("a volume that fits satisfies the claim", c, pv("v", "5Gi"), Optional.empty()),
                new MismatchCase("too small", c, pv("v", "1Gi"), Optional.of("requested PV is too small")),
                new MismatchCase("another class", c, classed(pv("v", "5Gi"), "fast"),
                        Optional.of("storageClassName does not match")),
                new MismatchCase("another volume mode", c, blockMode(pv("v", "5Gi")),
                        Optional.of("incompatible volumeMode")),
                new MismatchCase("missing access modes", withModes(c, Set.of("ReadWriteMany")), pv("v", "5Gi"),
                        Optional.of("incompatible accessMode")));
    }

    @ParameterizedTest
    @MethodSource("mismatches")
    void explainsWhyARequestedVolumeDoesNotFit(MismatchCase c) {
        assertThat(VolumeMatching.mismatch(c.claim(), c.volume())).isEqualTo(c.want());
    }
}
