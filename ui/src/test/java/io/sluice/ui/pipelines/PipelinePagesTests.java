package io.sluice.ui.pipelines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.sluice.ui.api.ApiClient;
import io.sluice.ui.api.ApiProblem;
import io.sluice.ui.api.ApiProblemException;
import io.sluice.ui.api.ApiResponse;
import io.sluice.ui.api.ApiSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * The pipeline pages as a logged-in user gets them, rendered by the real templates from what a
 * stand-in api-service answers.
 */
@SpringBootTest(properties = "sluice.ui.api-url=http://127.0.0.1:1")
@WithMockUser
class PipelinePagesTests {

    private static final String MERGE_TREE =
            "table db.t is a plain MergeTree: a sink crash can duplicate rows (accepted at-least-once)";

    private static final String HOSTILE = "Redis <b>appendonly</b> no: <script>alert(1)</script>";

    @Autowired
    WebApplicationContext context;

    @Autowired
    CannedApi api;

    MockMvc mvc;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
        api.answers.clear();
        api.answer("/pipelines/orders", """
                {"id":"orders","name":"Orders","status":"running","updatedAt":"2026-03-01T12:00:00Z",
                 "definition":{"id":"orders"}}""");
        api.answer("/pipelines/orders/events?size=10", "{\"items\":[]}");
    }

    @Test
    void detailPageShowsABannerWithEachWarningAndItsComponentEscaped() throws Exception {
        api.answer("/pipelines/orders/status", status("""
                ["%s"]""".formatted(MERGE_TREE), """
                ["%s"]""".formatted(HOSTILE.replace("\"", "\\\""))));

        String page = render("/pipelines/orders");

        String banner = element(page, "id=\"pipeline-warnings\"");
        assertThat(banner).contains("class=\"flash warn warnings\"", MERGE_TREE, "sink", "dedup",
                "Redis &lt;b&gt;appendonly&lt;/b&gt; no: &lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(page).doesNotContain("<script>alert(1)</script>", "<b>appendonly</b>");
        assertThat(banner).doesNotContain("flash error");
    }

    @Test
    void liveRefreshKeepsTheBanner() throws Exception {
        api.answer("/pipelines/orders/status", status("[\"" + MERGE_TREE + "\"]", "[]"));

        String fragment = render("/pipelines/orders/live");

        assertThat(element(fragment, "id=\"pipeline-warnings\"")).contains(MERGE_TREE);
    }

    @Test
    void detailPageWithoutWarningsHasNoBanner() throws Exception {
        api.answer("/pipelines/orders/status", status("[]", "[]"));

        assertThat(render("/pipelines/orders")).doesNotContain("pipeline-warnings");
    }

    @Test
    void detailPageOfAnOlderApiWithoutWarningsHasNoBanner() throws Exception {
        api.answer("/pipelines/orders/status", status("[]", "[]").replace("\"warnings\":[],", ""));

        assertThat(render("/pipelines/orders")).doesNotContain("pipeline-warnings");
    }

    @Test
    void listMarksAPipelineWithWarningsAndNotTheOthers() throws Exception {
        api.answer("/pipelines?size=100", """
                {"items":[{"id":"orders","name":"Orders","status":"running","updatedAt":"2026-03-01T12:00:00Z",
                           "warnings":["%s","%s"]},
                          {"id":"clicks","name":"Clicks","status":"running","updatedAt":"2026-03-01T12:00:00Z",
                           "warnings":[]}],
                 "page":{"number":0,"size":100,"totalElements":2,"totalPages":1}}"""
                .formatted(MERGE_TREE, HOSTILE.replace("\"", "\\\"")));

        String page = render("/pipelines");

        String orders = element(page, "data-pipeline=\"orders\"");
        assertThat(orders).contains("class=\"warning-mark\"", "2 warnings", MERGE_TREE,
                "&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(element(page, "data-pipeline=\"clicks\"")).doesNotContain("warning-mark");
        assertThat(page).doesNotContain("<script>alert(1)</script>");
    }

    @Test
    void aDegradedPipelineHasAnErrorBannerWithEachProblemEscapedOnItsPageAndAMarkInTheList() throws Exception {
        String storage = "ingest cannot run it on its replica: insufficient storage resources available [10047]";
        api.answer("/pipelines/orders/status", status("[]", "[]").replace("\"warnings\":[],\"components\"",
                "\"health\":\"degraded\",\"problems\":[\"%s\",\"%s\"],\"warnings\":[],\"components\""
                        .formatted(storage, HOSTILE.replace("\"", "\\\""))));
        api.answer("/pipelines?size=100", """
                {"items":[{"id":"orders","name":"Orders","status":"running","updatedAt":"2026-03-01T12:00:00Z",
                           "warnings":[],"health":"degraded","problems":["%s"]},
                          {"id":"clicks","name":"Clicks","status":"running","updatedAt":"2026-03-01T12:00:00Z",
                           "warnings":[],"health":"ok","problems":[]}],
                 "page":{"number":0,"size":100,"totalElements":2,"totalPages":1}}""".formatted(storage));

        String detail = render("/pipelines/orders");
        String banner = element(detail, "id=\"pipeline-problems\"");
        assertThat(banner).contains("flash error", "Degraded", storage, "&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(detail).doesNotContain("<script>alert(1)</script>");
        String list = render("/pipelines");
        assertThat(element(list, "data-pipeline=\"orders\"")).contains("badge degraded", storage);
        assertThat(element(list, "data-pipeline=\"clicks\"")).doesNotContain("degraded");
    }

    @Test
    void aPipelineThatIsOkHasNoProblemBanner() throws Exception {
        api.answer("/pipelines/orders/status", status("[]", "[]"));

        assertThat(render("/pipelines/orders")).doesNotContain("pipeline-problems");
    }

    private String render(String path) throws Exception {
        var result = mvc.perform(get(path)).andReturn();
        assertThat(result.getResponse().getStatus()).as(path).isEqualTo(200);
        return result.getResponse().getContentAsString();
    }

    /** From the opening tag holding {@code marker} up to the next closing tag of its kind. */
    private static String element(String html, String marker) {
        int at = html.indexOf(marker);
        assertThat(at).as("no element with " + marker).isNotNegative();
        int start = html.lastIndexOf('<', at);
        String tag = html.substring(start + 1, html.indexOf(' ', start));
        return html.substring(start, html.indexOf("</" + tag + ">", at) + tag.length() + 3);
    }

    private static String status(String sinkWarnings, String dedupWarnings) {
        return """
                {"pipelineId":"orders","distributionPending":false,"warnings":[],"components":[
                 {"component":"ingest","replicasReporting":1,"replicasStale":0,"lastHeartbeat":"2026-03-01T11:59:57Z",
                  "eventsIn":10,"eventsOut":10,"duplicatesDropped":0,"deadLetters":0,"maxLag":0,"lastError":null,
                  "warnings":[],"replicas":[]},
                 {"component":"dedup","replicasReporting":1,"replicasStale":0,"lastHeartbeat":"2026-03-01T11:59:57Z",
                  "eventsIn":10,"eventsOut":10,"duplicatesDropped":0,"deadLetters":0,"maxLag":0,"lastError":null,
                  "warnings":%s,"replicas":[]},
                 {"component":"sink","replicasReporting":1,"replicasStale":0,"lastHeartbeat":"2026-03-01T11:59:57Z",
                  "eventsIn":10,"eventsOut":10,"duplicatesDropped":0,"deadLetters":0,"maxLag":0,"lastError":null,
                  "warnings":%s,"replicas":[]}]}""".formatted(dedupWarnings, sinkWarnings);
    }

    @TestConfiguration
    static class Api {

        @Bean
        @Primary
        CannedApi cannedApi() {
            return new CannedApi();
        }
    }

    /** Answers GETs with the JSON given for their path (a metrics query with any {@code since}); 404 otherwise. */
    static final class CannedApi implements ApiClient {

        final Map<String, String> answers = new ConcurrentHashMap<>();

        void answer(String path, String json) {
            answers.put(path, json);
        }

        @Override
        public ApiResponse get(String path) {
            String key = path.contains("/metrics?since=") ? path.substring(0, path.indexOf('?')) : path;
            String json = key.endsWith("/metrics") ? "{\"points\":[]}" : answers.get(key);
            if (json == null) {
                throw new ApiProblemException(new ApiProblem(404, "Not found", "no answer for " + path, List.of()));
            }
            return new ApiResponse(200, JsonMapper.shared().readTree(json), null);
        }

        @Override
        public ApiResponse post(String path, Object body) {
            throw new UnsupportedOperationException("no POST in these tests: " + path);
        }

        @Override
        public ApiResponse put(String path, Object body, String ifMatch) {
            throw new UnsupportedOperationException("no PUT in these tests: " + path);
        }

        @Override
        public ApiResponse delete(String path) {
            throw new UnsupportedOperationException("no DELETE in these tests: " + path);
        }

        @Override
        public ApiSession login(String username, String password, String clientAddress) {
            throw new UnsupportedOperationException("no login in these tests");
        }

        @Override
        public void logout(String token) {
        }
    }
}
