package io.sigmaflow.cli.whatif.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sigmaflow.cli.support.JsonLine;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code report.html}: one self-contained page (its CSS, its script and its data inline; nothing
 * fetched), kept as a template in {@code whatif/report/report.html} where the data goes into a
 * {@code <script type="application/json">} element. The page's script draws every chart into
 * inline SVG and marks each one {@code data-drawn="true"} with its element count, which is what
 * {@code ReportHtmlIT} checks in a headless Chromium.
 */
final class ReportHtml {
    static final String TEMPLATE = "whatif/report/report.html";
    static final String DATA_MARK = "/*WHATIF-DATA*/";

    private ReportHtml() {}

    static String page(ObjectNode data) {
        String template = template();
        int at = template.indexOf(DATA_MARK);
        if (at < 0) {
            throw new IllegalStateException(TEMPLATE + " has no " + DATA_MARK);
        }
        return template.substring(0, at) + inScript(JsonLine.of(data)) + template.substring(at + DATA_MARK.length());
    }

    /**
     * JSON inside a script element: "</" would end the element and "<!--" changes how it is parsed;
     * both only occur inside JSON strings, where "<\/" and "\u003c!--" are the same strings.
     */
    static String inScript(String json) {
        return json.replace("</", "<\\/").replace("<!--", "\\u003c!--");
    }

    private static String template() {
        try (InputStream in = ReportHtml.class.getClassLoader().getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + TEMPLATE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
