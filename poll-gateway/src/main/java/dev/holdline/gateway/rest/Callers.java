package dev.holdline.gateway.rest;

import dev.holdline.gateway.service.ChannelAuthorizer.Caller;
import dev.holdline.platform.identity.Roles;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Reading the caller the same way in every resource. */
final class Callers {

    static Caller of(JsonWebToken token) {
        return of(token, "Bearer " + token.getRawToken());
    }

    /** {@code authorization}: the header the token came in, forwarded as is when upload-service is asked. */
    static Caller of(JsonWebToken token, String authorization) {
        return new Caller(token.getSubject(), token.getGroups().contains(Roles.ADMIN), authorization);
    }

    private Callers() {
    }
}
