package org.numreg.client.feed;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready while the change feed follows its topic; the position shows how far the read model got. */
@Readiness
@ApplicationScoped
public class ChangeFeedReadiness implements HealthCheck {

    private final ChangeFeed feed;
    private final FeedProgress progress;

    ChangeFeedReadiness(ChangeFeed feed, FeedProgress progress) {
        this.feed = feed;
        this.progress = progress;
    }

    @Override
    public HealthCheckResponse call() {
        String failure = feed.failure();
        var response = HealthCheckResponse.named("numreg change feed")
                .withData("topic", feed.topic())
                .withData("position", progress.position());
        return failure == null ? response.up().build() : response.withData("failure", failure).down().build();
    }
}
