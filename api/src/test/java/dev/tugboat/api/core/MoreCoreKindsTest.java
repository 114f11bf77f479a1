package dev.tugboat.api.core;

import static dev.tugboat.api.kinds.KindTesting.canonical;
import static dev.tugboat.api.kinds.KindTesting.createErrors;
import static dev.tugboat.api.kinds.KindTesting.json;
import static dev.tugboat.api.kinds.KindTesting.strings;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class MoreCoreKindsTest {

    @Test
    void persistentVolumesAreDefaultedAndNeedOneSource() {
        PersistentVolumeRules rules = new PersistentVolumeRules();
        ObjectNode pv = json("{'metadata':{'name':'pv1'},'spec':{'capacity':{'storage':'1Gi'},'accessModes':['ReadWriteOnce'],"
                + "'hostPath':{'path':'/data'}}}");
        rules.applyDefaults(pv);
        assertThat(canonical(pv)).isEqualTo(canonical(json("{'metadata':{'name':'pv1'},'spec':{'capacity':{'storage':'1Gi'},"
                + "'accessModes':['ReadWriteOnce'],'hostPath':{'path':'/data','type':''},"
                + "'persistentVolumeReclaimPolicy':'Retain','volumeMode':'Filesystem'},'status':{'phase':'Pending'}}")));
        assertThat(rules.validate(pv)).isEmpty();
        assertThat(createErrors(rules, json("{'metadata':{'name':'pv2'},'spec':{'capacity':{'storage':'1Gi'},"
                + "'accessModes':['ReadWriteOnce']}}"))).containsExactly("spec: Required value: must specify a volume type");
        ObjectNode old = pv.deepCopy();
        ((ObjectNode) old.get("metadata")).put("resourceVersion", "1");
        ObjectNode now = old.deepCopy();
        ((ObjectNode) now.get("spec").get("hostPath")).put("path", "/other");
        assertThat(strings(rules.validateUpdate(now, old))).singleElement().asString()
                .startsWith("spec.persistentvolumesource: Forbidden: spec.persistentvolumesource is immutable after creation\n");
    }

    @Test
    void claimsNeedStorageAndAccessModes() {
        PersistentVolumeClaimRules rules = new PersistentVolumeClaimRules();
        ObjectNode pvc = json("{'metadata':{'name':'data','namespace':'d'},'spec':{'accessModes':['ReadWriteOnce'],"
                + "'resources':{'requests':{'storage':'1Gi'}}}}");
        rules.applyDefaults(pvc);
        assertThat(pvc.get("spec").get("volumeMode").asText()).isEqualTo("Filesystem");
        assertThat(pvc.get("status").get("phase").asText()).isEqualTo("Pending");
        assertThat(rules.validate(pvc)).isEmpty();
        assertThat(createErrors(rules, json("{'metadata':{'name':'data','namespace':'d'},'spec':{"
                + "'accessModes':['ReadWriteOncePod','ReadWriteOnce']}}"))).containsExactly(
                "spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes",
                "spec.resources[storage]: Required value");
        ObjectNode old = pvc.deepCopy();
        ((ObjectNode) old.get("metadata")).put("resourceVersion", "1");
        ObjectNode now = old.deepCopy();
        ((ObjectNode) now.get("spec")).put("storageClassName", "fast");
        ((ObjectNode) old.get("spec")).put("storageClassName", "slow");
        assertThat(strings(rules.validateUpdate(now, old))).containsExactly("spec: Forbidden: spec is immutable after"
                + " creation except resources.requests and volumeAttributesClassName for bound claims");
    }

    @Test
    void replicationControllersTakeTheirSelectorFromTheTemplate() {
        ReplicationControllerRules rules = new ReplicationControllerRules();
        ObjectNode rc = json("{'metadata':{'name':'web','namespace':'d'},'spec':{'template':{'metadata':{'labels':"
                + "{'app':'web'}},'spec':{'containers':[{'name':'c','image':'nginx'}]}}}}");
        rules.applyDefaults(rc);
        assertThat(canonical((ObjectNode) rc.get("spec").get("selector"))).isEqualTo(canonical(json("{'app':'web'}")));
        assertThat(rc.get("metadata").get("labels").get("app").asText()).isEqualTo("web");
        assertThat(rc.get("spec").get("replicas").asInt()).isEqualTo(1);
        assertThat(rules.validate(rc)).isEmpty();
        ((ObjectNode) rc.get("spec").get("selector")).put("app", "other");
        assertThat(strings(rules.validate(rc))).containsExactly("spec.template.metadata.labels: Invalid value:"
                + " {\"app\":\"web\"}: `selector` does not match template `labels`");
    }

    @Test
    void resourceQuotasValidateNamesValuesAndScopes() {
        ResourceQuotaRules rules = new ResourceQuotaRules();
        ObjectNode quota = json("{'metadata':{'name':'q','namespace':'d'},'spec':{'hard':{'pods':'10','requests.cpu':'4',"
                + "'limits.memory':'8Gi'}}}");
        assertThat(createErrors(rules, quota)).isEmpty();
        assertThat(createErrors(rules, json("{'metadata':{'name':'q','namespace':'d'},'spec':{'hard':{'pods':'1.5',"
                + "'foo':'1'},'scopes':['BestEffort','NotBestEffort']}}"))).containsExactly(
                "spec.hard[pods]: Invalid value: 1500m: must be an integer",
                "spec.hard[foo]: Invalid value: \"foo\": must be a standard resource type or fully qualified",
                "spec.hard[foo]: Invalid value: \"foo\": must be a standard resource for quota",
                "spec.scopes: Invalid value: [\"BestEffort\",\"NotBestEffort\"]: conflicting scopes");
        ObjectNode old = quota.deepCopy();
        ((ObjectNode) old.get("metadata")).put("resourceVersion", "1");
        ObjectNode now = old.deepCopy();
        ((ObjectNode) now.get("spec")).putArray("scopes").add("BestEffort");
        assertThat(strings(rules.validateUpdate(now, old))).contains(
                "spec.scopes: Invalid value: [\"BestEffort\"]: field is immutable");
    }

    @Test
    void limitRangesDefaultContainerLimitsFromMaxAndRequestsFromDefaults() {
        LimitRangeRules rules = new LimitRangeRules();
        ObjectNode lr = json("{'metadata':{'name':'lr','namespace':'d'},'spec':{'limits':[{'type':'Container',"
                + "'max':{'cpu':'2'},'min':{'memory':'64Mi'}}]}}");
        rules.applyDefaults(lr);
        assertThat(canonical((ObjectNode) lr.get("spec").get("limits").get(0))).isEqualTo(canonical(json("{'type':'Container',"
                + "'max':{'cpu':'2'},'min':{'memory':'64Mi'},'default':{'cpu':'2'},'defaultRequest':{'cpu':'2','memory':'64Mi'}}")));
        assertThat(rules.validate(lr)).isEmpty();
        assertThat(createErrors(rules, json("{'metadata':{'name':'lr','namespace':'d'},'spec':{'limits':[{'type':'Container',"
                + "'max':{'cpu':'1'},'min':{'cpu':'2'}}]}}"))).contains(
                "spec.limits[0].min[cpu]: Invalid value: 2: min value 2 is greater than max value 1");
        assertThat(createErrors(rules, json("{'metadata':{'name':'lr','namespace':'d'},'spec':{'limits':[{'type':'Pod',"
                + "'default':{'cpu':'1'}}]}}"))).containsExactly(
                "spec.limits[0].default: Forbidden: may not be specified when `type` is 'Pod'");
    }
}
