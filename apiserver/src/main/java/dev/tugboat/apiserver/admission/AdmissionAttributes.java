package dev.tugboat.apiserver.admission;

import dev.tugboat.api.meta.GroupVersionKind;
import dev.tugboat.api.meta.GroupVersionResource;
import dev.tugboat.apiserver.auth.UserInfo;

/** What admission plugins know about the request being admitted. */
public record AdmissionAttributes(Operation operation, GroupVersionKind kind, GroupVersionResource resource,
                                  String subresource, String namespace, String name, UserInfo user,
                                  boolean dryRun) {
}
