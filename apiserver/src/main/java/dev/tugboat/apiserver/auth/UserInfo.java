package dev.tugboat.apiserver.auth;

import java.util.List;

/** Who is making a request, as authentication established it. */
public record UserInfo(String name, String uid, List<String> groups) {

    /** Until authentication exists every request acts as the cluster administrator. */
    public static final UserInfo ADMIN = new UserInfo("system:admin", "", List.of("system:masters", "system:authenticated"));
}
