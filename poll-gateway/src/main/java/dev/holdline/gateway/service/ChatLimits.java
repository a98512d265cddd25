package dev.holdline.gateway.service;

import dev.holdline.gateway.config.GatewayConfig;
import dev.holdline.platform.limits.UserRateLimiter;
import jakarta.enterprise.context.ApplicationScoped;

/** How much each user may say: chat messages, typing indicators and read receipts (gateway.limits.*). */
@ApplicationScoped
public class ChatLimits {

    private final UserRateLimiter messages;
    private final UserRateLimiter typing;
    private final UserRateLimiter reads;

    public ChatLimits(GatewayConfig config) {
        GatewayConfig.Limits limits = config.limits();
        this.messages = new UserRateLimiter("chat messages", limits.messagesPerMinute(), limits.messagesBurst(),
                limits.maxUsers());
        this.typing = new UserRateLimiter("typing indicators", limits.typingPerMinute(), limits.typingBurst(),
                limits.maxUsers());
        this.reads = new UserRateLimiter("read receipts", limits.readsPerMinute(), limits.readsBurst(),
                limits.maxUsers());
    }

    public void message(String user) {
        messages.check(user);
    }

    public void typing(String user) {
        typing.check(user);
    }

    public void read(String user) {
        reads.check(user);
    }
}
