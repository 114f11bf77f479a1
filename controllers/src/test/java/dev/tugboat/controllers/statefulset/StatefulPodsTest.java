package dev.tugboat.controllers.statefulset;

import static dev.tugboat.controllers.Json5.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class StatefulPodsTest {

    static final ObjectNode SET = obj("{'metadata':{'name':'web','namespace':'ns','uid':'u1'},"
            + "'spec':{'replicas':3,'serviceName':'nginx','ordinals':{'start':5},"
            + "'selector':{'matchLabels':{'app':'web'}},"
            + "'template':{'metadata':{'labels':{'app':'web'}},'spec':{'containers':[{'name':'c','image':'nginx:1'}],"
            + "'volumes':[{'name':'data','emptyDir':{}},{'name':'cfg','configMap':{'name':'x'}}]}},"
            + "'volumeClaimTemplates':[{'metadata':{'name':'data','labels':{'tier':'db'}},"
            + "'spec':{'accessModes':['ReadWriteOnce']},'status':{'phase':'Pending'}}]}}");

    record NameCase(String podName, String parent, int ordinal) {
    }

    static Stream<NameCase> names() {
        return Stream.of(new NameCase("web-0", "web", 0), new NameCase("my-web-12", "my-web", 12),
                new NameCase("web", "", -1), new NameCase("web-", "", -1), new NameCase("web-x1", "", -1),
                new NameCase("web-99999999999", "web", -1));
    }

    @ParameterizedTest
    @MethodSource("names")
    void parentAndOrdinalComeFromTheName(NameCase c) {
        assertThat(StatefulPods.parentAndOrdinal(c.podName()))
                .isEqualTo(new StatefulPods.ParentAndOrdinal(c.parent(), c.ordinal()));
    }

    @Test
    void theOrdinalRangeStartsAtSpecOrdinalsStart() {
        assertThat(StatefulPods.startOrdinal(SET)).isEqualTo(5);
        assertThat(StatefulPods.endOrdinal(SET)).isEqualTo(7);
        assertThat(StatefulPods.inOrdinalRange(obj("{'metadata':{'name':'web-4'}}"), SET)).isFalse();
        assertThat(StatefulPods.inOrdinalRange(obj("{'metadata':{'name':'web-5'}}"), SET)).isTrue();
        assertThat(StatefulPods.inOrdinalRange(obj("{'metadata':{'name':'web-7'}}"), SET)).isTrue();
        assertThat(StatefulPods.inOrdinalRange(obj("{'metadata':{'name':'web-8'}}"), SET)).isFalse();
        ObjectNode none = SET.deepCopy();
        ((ObjectNode) none.get("spec")).put("replicas", 0);
        assertThat(StatefulPods.endOrdinal(none)).isEqualTo(4);
    }

    @Test
    void aNewPodHasItsIdentityAndItsClaimMounted() {
        ObjectNode pod = StatefulPods.newPod(SET, 6);
        assertThat(pod.at("/metadata/name").asText()).isEqualTo("web-6");
        assertThat(pod.at("/metadata").has("generateName")).isFalse();
        assertThat(pod.at("/metadata/labels/statefulset.kubernetes.io~1pod-name").asText()).isEqualTo("web-6");
        assertThat(pod.at("/metadata/labels/apps.kubernetes.io~1pod-index").asText()).isEqualTo("6");
        assertThat(pod.at("/spec/hostname").asText()).isEqualTo("web-6");
        assertThat(pod.at("/spec/subdomain").asText()).isEqualTo("nginx");
        assertThat(pod.at("/metadata/ownerReferences/0/kind").asText()).isEqualTo("StatefulSet");
        // The template volume of the claim's name is replaced by the claim; others stay.
        assertThat(pod.at("/spec/volumes")).hasSize(2);
        assertThat(pod.at("/spec/volumes/0/name").asText()).isEqualTo("data");
        assertThat(pod.at("/spec/volumes/0/persistentVolumeClaim/claimName").asText()).isEqualTo("data-web-6");
        assertThat(pod.at("/spec/volumes/1/name").asText()).isEqualTo("cfg");
        assertThat(StatefulPods.identityMatches(SET, pod)).isTrue();
        assertThat(StatefulPods.storageMatches(SET, pod)).isTrue();

        ObjectNode renamed = pod.deepCopy();
        ((ObjectNode) renamed.at("/metadata/labels")).put("apps.kubernetes.io/pod-index", "1");
        assertThat(StatefulPods.identityMatches(SET, renamed)).isFalse();
    }

    @Test
    void claimsAreNamedPerTemplateSetAndOrdinalWithTheSelectorLabels() {
        ObjectNode claim = StatefulPods.claims(SET, 5).get("data");
        assertThat(claim.at("/metadata/name").asText()).isEqualTo("data-web-5");
        assertThat(claim.at("/metadata/namespace").asText()).isEqualTo("ns");
        assertThat(claim.at("/metadata/labels/tier").asText()).isEqualTo("db");
        assertThat(claim.at("/metadata/labels/app").asText()).isEqualTo("web");
        assertThat(claim.has("status")).isFalse();
        assertThat(claim.at("/spec/accessModes/0").asText()).isEqualTo("ReadWriteOnce");
    }

    @Test
    void ordinalsBelowThePartitionAreMadeAtTheCurrentRevision() {
        ObjectNode current = SET.deepCopy();
        ((ObjectNode) current.get("spec")).putObject("updateStrategy").put("type", "RollingUpdate")
                .putObject("rollingUpdate").put("partition", 2);
        ObjectNode update = current.deepCopy();
        ((ObjectNode) update.at("/spec/template/spec/containers/0")).put("image", "nginx:2");
        ObjectNode low = StatefulPods.newVersionedPod(current, update, "web-cur", "web-upd", 6);
        ObjectNode high = StatefulPods.newVersionedPod(current, update, "web-cur", "web-upd", 7);
        assertThat(low.at("/metadata/labels/controller-revision-hash").asText()).isEqualTo("web-cur");
        assertThat(low.at("/spec/containers/0/image").asText()).isEqualTo("nginx:1");
        assertThat(high.at("/metadata/labels/controller-revision-hash").asText()).isEqualTo("web-upd");
        assertThat(high.at("/spec/containers/0/image").asText()).isEqualTo("nginx:2");
    }

    @Test
    void retentionPolicyOwners() {
        ObjectNode pod = obj("{'metadata':{'name':'web-9','uid':'p9'}}");
        ObjectNode inRange = obj("{'metadata':{'name':'web-6','uid':'p6'}}");
        ObjectNode claim = obj("{'metadata':{'name':'data-web-9','ownerReferences':[{'kind':'Other','uid':'x','name':'o'}]}}");
        ObjectNode retain = SET.deepCopy();
        assertThat(ApiStatefulPodControl.ownersFor(retain, pod, claim)).hasSize(1);

        ObjectNode deleteBoth = SET.deepCopy();
        ((ObjectNode) deleteBoth.get("spec")).putObject("persistentVolumeClaimRetentionPolicy")
                .put("whenDeleted", "Delete").put("whenScaled", "Delete");
        assertThat(ApiStatefulPodControl.ownersFor(deleteBoth, pod, claim).get(1).path("uid").asText()).isEqualTo("p9");
        assertThat(ApiStatefulPodControl.ownersFor(deleteBoth, inRange, claim).get(1).path("uid").asText()).isEqualTo("u1");

        ObjectNode deleteWithSet = SET.deepCopy();
        ((ObjectNode) deleteWithSet.get("spec")).putObject("persistentVolumeClaimRetentionPolicy")
                .put("whenDeleted", "Delete").put("whenScaled", "Retain");
        assertThat(ApiStatefulPodControl.ownersFor(deleteWithSet, pod, claim).get(1).path("uid").asText()).isEqualTo("u1");
    }
}
