package dev.holdline.platform.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DependencyGaugesTest {

    private static JsonObject health(String checks) {
        return Json.createReader(new StringReader("{\"status\":\"UP\",\"checks\":[" + checks + "]}")).readObject();
    }

    @Test
    void shouldSayADependencyIsUpOnlyWhenEveryCheckSpeakingForItIs() {
        Map<String, Boolean> found = DependencyGauges.dependencies(health("""
                {"name":"Database connections health check","status":"UP","data":{"<default>":"UP"}},
                {"name":"SmallRye Reactive Messaging - readiness check","status":"DOWN"},
                {"name":"rabbitmq-outbox","status":"UP"},
                {"name":"something-else","status":"DOWN"}"""));
        assertEquals(Map.of("postgresql", true, "rabbitmq", false), found);
    }

    @Test
    void shouldReadTheGatewaysBrokerFromItsDataNotItsStatus() {
        // poll-gateway stays ready through a broker outage; its check's data says whether the stream is read
        assertEquals(Map.of("rabbitmq", false), DependencyGauges.dependencies(health(
                "{\"name\":\"stream-caught-up\",\"status\":\"UP\",\"data\":{\"streamOffset\":3,\"connected\":false}}")));
        assertEquals(Map.of("rabbitmq", true), DependencyGauges.dependencies(health(
                "{\"name\":\"stream-caught-up\",\"status\":\"DOWN\",\"data\":{\"connected\":true}}")));
    }

    @Test
    void shouldExportNoDependencyWithoutACheck() {
        assertEquals(Map.of(), DependencyGauges.dependencies(health("{\"name\":\"stream-intact\",\"status\":\"UP\"}")));
    }
}
