package dev.tugboat.api.patch.apply;

import static dev.tugboat.api.patch.TestJson.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tugboat.api.errors.ApiException;
import dev.tugboat.api.meta.GroupVersionKind;
import org.junit.jupiter.api.Test;

class ApplyRequestChecksTest {

    static final GroupVersionKind DEPLOYMENTS = new GroupVersionKind("apps", "v1", "Deployment");

    @Test
    void a3ApplyWithoutFieldManagerIsInvalid() {
        assertThatThrownBy(() -> ApplyRequestChecks.patchOptions(true, "", null))
                .isInstanceOfSatisfying(ApiException.Invalid.class, e -> {
                    assertThat(e.code()).isEqualTo(422);
                    assertThat(e.getMessage()).isEqualTo("PatchOptions.meta.k8s.io \"\" is invalid: "
                            + "fieldManager: Required value: is required for apply patch");
                });
    }

    @Test
    void a4ForceOnANonApplyPatchIsForbiddenEvenWhenFalse() {
        assertThatThrownBy(() -> ApplyRequestChecks.patchOptions(false, "", true))
                .hasMessage("PatchOptions.meta.k8s.io \"\" is invalid: force: Forbidden: may not be specified for "
                        + "non-apply patch");
        assertThatThrownBy(() -> ApplyRequestChecks.patchOptions(false, "x", false)).isInstanceOf(ApiException.Invalid.class);
        assertThatCode(() -> ApplyRequestChecks.patchOptions(true, "kubectl", false)).doesNotThrowAnyException();
        assertThatCode(() -> ApplyRequestChecks.patchOptions(false, "", null)).doesNotThrowAnyException();
    }

    @Test
    void managerNamesMustBeShortAndPrintable() {
        assertThat(ApplyRequestChecks.fieldManager("a".repeat(129))).hasSize(1);
        assertThat(ApplyRequestChecks.fieldManager("a".repeat(128))).isEmpty();
        assertThatThrownBy(() -> ApplyRequestChecks.writeOptions("CreateOptions", "bad\u0007name"))
                .isInstanceOf(ApiException.Invalid.class)
                .hasMessageContaining("CreateOptions.meta.k8s.io \"\" is invalid: fieldManager: Invalid value: "
                        + "\"bad\\x07name\": invalid character U+0007 (at position 3)");
    }

    @Test
    void a16AppliedConfigurationsMayNotCarryManagedFields() {
        assertThatThrownBy(() -> ApplyRequestChecks.appliedConfig(json("{'apiVersion':'apps/v1','kind':'Deployment',"
                + "'metadata':{'name':'web','managedFields':[]}}"), DEPLOYMENTS, "web", "default"))
                .isInstanceOf(ApiException.BadRequest.class)
                .hasMessage("metadata.managedFields must be nil");
    }

    @Test
    void a17TheKindMustBeTheEndpoints() {
        assertThatThrownBy(() -> ApplyRequestChecks.appliedConfig(json("{'apiVersion':'apps/v1','kind':'StatefulSet',"
                + "'metadata':{'name':'web'}}"), DEPLOYMENTS, "web", "default"))
                .isInstanceOf(ApiException.BadRequest.class)
                .hasMessage("invalid object type: apps/v1, Kind=StatefulSet");
        assertThatThrownBy(() -> ApplyRequestChecks.appliedConfig(json("{'metadata':{'name':'web'}}"), DEPLOYMENTS,
                "web", "default"))
                .hasMessage("invalid object type: , Kind=");
    }

    @Test
    void a18TheNameAndNamespaceMustBeTheUrls() {
        assertThatThrownBy(() -> ApplyRequestChecks.appliedConfig(json("{'apiVersion':'apps/v1','kind':'Deployment',"
                + "'metadata':{'name':'api'}}"), DEPLOYMENTS, "web", "default"))
                .isInstanceOf(ApiException.BadRequest.class)
                .hasMessage("the name of the object (api) does not match the name on the URL (web)");
        assertThatThrownBy(() -> ApplyRequestChecks.appliedConfig(json("{'apiVersion':'apps/v1','kind':'Deployment',"
                + "'metadata':{'name':'web','namespace':'other'}}"), DEPLOYMENTS, "web", "default"))
                .hasMessage("the namespace of the object (other) does not match the namespace on the URL (default)");
        assertThatCode(() -> ApplyRequestChecks.appliedConfig(json("{'apiVersion':'apps/v1','kind':'Deployment',"
                + "'metadata':{'name':'web','managedFields':null}}"), DEPLOYMENTS, "web", "default"))
                .doesNotThrowAnyException();
    }

    @Test
    void managerNamesComeFromTheUserAgentWhenNotGiven() {
        assertThat(ManagerNames.of("", "kubectl/v1.31.0 (linux/amd64) kubernetes/abc")).isEqualTo("kubectl");
        assertThat(ManagerNames.of(null, "kube-controller-manager/v1.31.0 (linux/amd64)"))
                .isEqualTo("kube-controller-manager");
        assertThat(ManagerNames.of("mine", "kubectl/v1.31.0")).isEqualTo("mine");
        assertThat(ManagerNames.fromUserAgent("a\u0001b\tc/x")).isEqualTo("abc");
        assertThat(ManagerNames.fromUserAgent("é".repeat(100))).hasSize(64);
        assertThat(ManagerNames.fromUserAgent(null)).isEmpty();
    }
}
