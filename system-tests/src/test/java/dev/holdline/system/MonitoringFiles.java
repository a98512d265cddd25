package dev.holdline.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The dashboard and the alert rules of {@code k8s/monitoring}, read as Grafana and Prometheus read them, with every
 * PromQL expression taken apart into the metric names it selects and the label values it asks for: what the
 * services must export for the dashboard to show anything and the alerts to be able to fire.
 */
final class MonitoringFiles {

    static final Path DIR = Path.of("../k8s/monitoring");
    static final Path RULES = DIR.resolve("prometheus-rules.yaml");
    static final Path DASHBOARD = DIR.resolve("holdline-dashboard.json");
    /** Labels Prometheus adds to every series it scrapes (pod-monitor.yaml's podTargetLabels and its own). */
    static final Set<String> TARGET_LABELS = Set.of("app", "pod", "namespace", "container", "endpoint", "job",
            "instance", "service");
    /** PromQL words that are no metric: operators and the modifiers of aggregations and vector matching. */
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right", "bool", "and", "or", "unless", "offset", "atan2", "inf", "nan",
            // aggregations, which may be followed by their by/without clause before the parenthesis
            "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk",
            "quantile", "limitk", "limit_ratio");
    /** Keywords followed by a list of label names in parentheses. */
    private static final Set<String> LABEL_LISTS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right");
    private static final Pattern MATCHER = Pattern.compile("\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*,?");

    /** One label matcher of a selector: {@code dependency="rabbitmq"}. */
    record LabelMatcher(String label, String op, String value) {
    }

    /** An expression and where it is (an alert's name, a panel's title). */
    record Expression(String where, String expr) {
    }

    final JsonNode rules;
    final JsonNode dashboard;

    private MonitoringFiles(JsonNode rules, JsonNode dashboard) {
        this.rules = rules;
        this.dashboard = dashboard;
    }

    static MonitoringFiles load() throws IOException {
        return new MonitoringFiles(new YAMLMapper().readTree(RULES.toFile()), new ObjectMapper().readTree(DASHBOARD.toFile()));
    }

    /** Every alert rule ({@code spec.groups[].rules[]} with {@code alert}). */
    List<JsonNode> alerts() {
        List<JsonNode> alerts = new ArrayList<>();
        rules.path("spec").path("groups").forEach(group -> group.path("rules").forEach(rule -> {
            if (rule.has("alert")) {
                alerts.add(rule);
            }
        }));
        return alerts;
    }

    /** Every PromQL expression: the rules' and the dashboard panels' targets (rows included). */
    List<Expression> expressions() {
        List<Expression> all = new ArrayList<>();
        rules.path("spec").path("groups").forEach(group -> group.path("rules").forEach(rule -> all.add(
                new Expression(rule.path("alert").asText(rule.path("record").asText()), rule.path("expr").asText()))));
        panels(dashboard.path("panels"), all);
        return all;
    }

    private static void panels(JsonNode panels, List<Expression> into) {
        for (JsonNode panel : panels) {
            panel.path("targets").forEach(target -> into.add(new Expression("panel \"" + panel.path("title").asText()
                    + "\"", target.path("expr").asText())));
            panels(panel.path("panels"), into);
        }
    }

    /** The metric names an expression selects, each with its label matchers. */
    static Map<String, List<LabelMatcher>> selectors(String expr) {
        Map<String, List<LabelMatcher>> found = new LinkedHashMap<>();
        int i = 0;
        while (i < expr.length()) {
            char c = expr.charAt(i);
            if (c == '"' || c == '\'' || c == '`') { // a string: skip it
                i = endOfString(expr, i);
            } else if (c == '[') { // a range or subquery: durations only
                i = expr.indexOf(']', i) + 1;
            } else if (c == '{') { // matchers of a selector without a name before it
                i = matchers(expr, i, new ArrayList<>());
            } else if (Character.isLetter(c) || c == '_' || c == ':') {
                int start = i;
                while (i < expr.length() && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '_'
                        || expr.charAt(i) == ':')) {
                    i++;
                }
                String word = expr.substring(start, i);
                int next = skipSpaces(expr, i);
                if (KEYWORDS.contains(word.toLowerCase())) {
                    if (LABEL_LISTS.contains(word.toLowerCase()) && next < expr.length() && expr.charAt(next) == '(') {
                        i = expr.indexOf(')', next) + 1; // a list of label names
                    }
                } else if (next < expr.length() && expr.charAt(next) == '(') {
                    // a function or an aggregation: its name is no metric
                } else {
                    List<LabelMatcher> matchers = found.computeIfAbsent(word, w -> new ArrayList<>());
                    if (next < expr.length() && expr.charAt(next) == '{') {
                        i = matchers(expr, next, matchers);
                    }
                }
            } else if (Character.isDigit(c) || c == '.') { // a number (1e3, 0x1f, 0.05)
                while (i < expr.length() && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '.')) {
                    i++;
                }
            } else {
                i++;
            }
        }
        return found;
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int endOfString(String s, int i) {
        char quote = s.charAt(i++);
        while (i < s.length() && s.charAt(i) != quote) {
            i += s.charAt(i) == '\\' ? 2 : 1;
        }
        return i + 1;
    }

    /** Reads {@code {a="b", c=~"d"}} at {@code i} into {@code into}; returns the index after the brace. */
    private static int matchers(String expr, int i, List<LabelMatcher> into) {
        int end = i + 1;
        while (end < expr.length() && expr.charAt(end) != '}') {
            end = expr.charAt(end) == '"' ? endOfString(expr, end) : end + 1;
        }
        java.util.regex.Matcher m = MATCHER.matcher(expr.substring(i + 1, end));
        int at = 0;
        while (m.find() && m.start() == at) {
            into.add(new LabelMatcher(m.group(1), m.group(2), m.group(3).replace("\\\\", "\\").replace("\\\"", "\"")));
            at = m.end();
        }
        if (at != end - i - 1) {
            throw new IllegalArgumentException("unreadable matchers in " + expr.substring(i, end + 1));
        }
        return end + 1;
    }

    /** Every metric of a Prometheus text exposition, with each label's values: name → label → values. */
    static Map<String, Map<String, Set<String>>> exported(String exposition) {
        Map<String, Map<String, Set<String>>> metrics = new TreeMap<>();
        Pattern line = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})?\\s+\\S+.*$");
        Pattern label = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");
        for (String text : exposition.split("\n")) {
            java.util.regex.Matcher m = line.matcher(text.trim());
            if (text.startsWith("#") || !m.matches()) {
                continue;
            }
            Map<String, Set<String>> labels = metrics.computeIfAbsent(m.group(1), n -> new TreeMap<>());
            if (m.group(3) != null) {
                java.util.regex.Matcher l = label.matcher(m.group(3));
                while (l.find()) {
                    labels.computeIfAbsent(l.group(1), k -> new TreeSet<>()).add(l.group(2));
                }
            }
        }
        return metrics;
    }

    /**
     * What the files ask for that {@code exported} lacks: a metric no service exports, or a label value asked with
     * {@code =} that no exported series has (a target label, which Prometheus adds, aside). Empty when every
     * expression can find its series.
     */
    List<String> missingFrom(Map<String, Map<String, Set<String>>> exported) {
        Set<String> missing = new LinkedHashSet<>();
        for (Expression expression : expressions()) {
            selectors(expression.expr()).forEach((metric, matchers) -> {
                Map<String, Set<String>> labels = exported.get(metric);
                if (labels == null) {
                    missing.add(expression.where() + ": no service exports " + metric);
                    return;
                }
                for (LabelMatcher matcher : matchers) {
                    if (!matcher.op().equals("=") || TARGET_LABELS.contains(matcher.label())) {
                        continue;
                    }
                    if (!labels.getOrDefault(matcher.label(), Set.of()).contains(matcher.value())) {
                        missing.add(expression.where() + ": no series " + metric + "{" + matcher.label() + "=\""
                                + matcher.value() + "\"} (exported: " + matcher.label() + " in "
                                + labels.getOrDefault(matcher.label(), Set.of()) + ")");
                    }
                }
            });
        }
        return List.copyOf(missing);
    }

    /** GitHub's anchor of a Markdown heading: lower case, punctuation dropped, spaces as hyphens. */
    static String anchor(String heading) {
        return heading.trim().toLowerCase().replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }

    /** The anchors of a Markdown file's headings. */
    static Set<String> anchors(Path markdown) throws IOException {
        Set<String> anchors = new LinkedHashSet<>();
        boolean fenced = false;
        for (String line : Files.readAllLines(markdown)) {
            if (line.startsWith("```")) {
                fenced = !fenced;
            } else if (!fenced && line.matches("^#{1,6} .*")) {
                anchors.add(anchor(line.replaceFirst("^#+ ", "")));
            }
        }
        return anchors;
    }
}
