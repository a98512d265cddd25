package dev.holdline.platform.rest;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;

/**
 * Bean Validation's violations of a request as the platform's 400: the field at fault named as in the JSON
 * ({@code thumbnails[0].size}, a query parameter by its name, a missing body as {@code body}) and the
 * constraint's message, like every hand-written {@link ApiException#badRequest}.
 */
final class Violations {

    /** The answer for a request's violations: the first by field name, so that the same input always says the same. */
    static ErrorBody body(Set<? extends ConstraintViolation<?>> violations) {
        ConstraintViolation<?> first = violations.stream()
                .min(Comparator.comparing(Violations::field).thenComparing(ConstraintViolation::getMessage))
                .orElseThrow();
        return ErrorBody.invalidField(field(first), first.getMessage());
    }

    /** True when a method's answer broke its own constraints: a fault of the service, not of the caller. */
    static boolean ofReturnValue(Set<? extends ConstraintViolation<?>> violations) {
        return violations.stream().anyMatch(v -> kinds(v.getPropertyPath()).contains(ElementKind.RETURN_VALUE));
    }

    /**
     * The path below the method's parameter, as JSON names it; the parameter's own name when the constraint is on
     * the parameter itself (a resource names its body parameter {@code body}).
     */
    static String field(ConstraintViolation<?> violation) {
        StringBuilder field = new StringBuilder();
        String parameter = null;
        for (Path.Node node : violation.getPropertyPath()) {
            ElementKind kind = node.getKind();
            if (kind == ElementKind.PARAMETER) {
                parameter = node.getName();
            } else if (kind == ElementKind.PROPERTY || kind == ElementKind.CONTAINER_ELEMENT
                    || kind == ElementKind.BEAN) {
                if (node.isInIterable() && !field.isEmpty()) {
                    Object at = Optional.<Object>ofNullable(node.getIndex()).orElse(node.getKey());
                    field.append('[').append(at).append(']');
                }
                String name = node.getName();
                if (name != null && !name.startsWith("<")) { // "<list element>", "<map value>"
                    field.append(field.isEmpty() ? "" : ".").append(name);
                }
            }
        }
        return !field.isEmpty() ? field.toString() : parameter != null ? parameter : "body";
    }

    private static Set<ElementKind> kinds(Path path) {
        java.util.EnumSet<ElementKind> kinds = java.util.EnumSet.noneOf(ElementKind.class);
        path.forEach(node -> kinds.add(node.getKind()));
        return kinds;
    }

    private Violations() {
    }
}
