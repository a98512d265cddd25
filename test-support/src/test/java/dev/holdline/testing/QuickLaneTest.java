package dev.holdline.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.QuarkusTest;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.descriptor.ClassSource;

class QuickLaneTest {

    @QuarkusTest
    static class OnRealInfrastructure {
    }

    @QuarkusIntegrationTest
    static class AgainstThePackagedApp extends OnRealInfrastructure {
    }

    static class SubclassOfAQuarkusTest extends OnRealInfrastructure {
    }

    static class SmokeIT {
    }

    @Tag("infra")
    static class StartsNginx {
    }

    @Tag("infra")
    static class StartsChromium extends Plain {
    }

    @Retention(RetentionPolicy.RUNTIME)
    @Tag("infra")
    @interface NeedsTools {
    }

    @NeedsTools
    @Tag("fast")
    static class WithAComposedTag {
    }

    @Tag("slow")
    static class Plain {
    }

    static class NestedInPlain {
        class Inner {
        }
    }

    @Test
    void shouldLeaveOutQuarkusTestsIntegrationTestsAndTheirSubclasses() {
        assertTrue(QuickLane.needsInfrastructure(OnRealInfrastructure.class));
        assertTrue(QuickLane.needsInfrastructure(AgainstThePackagedApp.class));
        assertTrue(QuickLane.needsInfrastructure(SubclassOfAQuarkusTest.class));
        assertTrue(QuickLane.needsInfrastructure(SmokeIT.class));
    }

    @Test
    void shouldLeaveOutAPlainTestTaggedInfra() {
        assertTrue(QuickLane.needsInfrastructure(StartsNginx.class));
        assertTrue(QuickLane.needsInfrastructure(StartsChromium.class));
        assertTrue(QuickLane.needsInfrastructure(WithAComposedTag.class));
    }

    @Test
    void shouldKeepAPlainTestWhateverItsOtherTags() {
        assertFalse(QuickLane.needsInfrastructure(Plain.class));
        assertFalse(QuickLane.needsInfrastructure(NestedInPlain.Inner.class));
        assertFalse(QuickLane.needsInfrastructure(QuickLaneTest.class));
    }

    @Test
    void shouldExcludeThroughTheLauncherFilterOnlyInTheQuickLane() {
        QuickLane quick = new QuickLane(true);
        assertFalse(quick.apply(descriptor(OnRealInfrastructure.class, Set.of())).included());
        assertFalse(quick.apply(descriptor(Plain.class, Set.of(TestTag.create("infra")))).included(), "a method tagged infra");
        assertTrue(quick.apply(descriptor(Plain.class, Set.of(TestTag.create("slow")))).included());
        assertTrue(new QuickLane(false).apply(descriptor(OnRealInfrastructure.class, Set.of())).included(), "any other run");
    }

    private static TestDescriptor descriptor(Class<?> testClass, Set<TestTag> tags) {
        return new AbstractTestDescriptor(UniqueId.root("class", testClass.getName()), testClass.getSimpleName(),
                ClassSource.from(testClass)) {
            @Override
            public Type getType() {
                return Type.CONTAINER;
            }

            @Override
            public Set<TestTag> getTags() {
                return tags;
            }
        };
    }
}
