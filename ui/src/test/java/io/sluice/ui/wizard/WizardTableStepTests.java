package io.sluice.ui.wizard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

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
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The wizard's table step and its consent to at-least-once delivery, walked as a browser does
 * (pages rendered by the real templates, forms posted, the definition saved) against a stand-in
 * api-service that records what it is sent.
 */
@SpringBootTest(properties = "sluice.ui.api-url=http://127.0.0.1:1")
@WithMockUser
class WizardTableStepTests {

    private static final String DEFINITION = """
            {"id":"orders","name":"Orders","sources":[{"id":"orders",
              "connection":{"brokers":["k1:9092"],"securityProtocol":"PLAINTEXT"},"topic":"orders",
              "initialOffset":"earliest","schema":{"fields":[{"name":"order_id","type":"string"}]}}],
             "sink":{"url":"http://ch:8123","database":"default","username":"default","password":"********",
              "table":"orders","maxBatchSize":5000,"maxDelay":"2s",%s
              "mapping":[{"field":"order_id","column":"order_id","columnType":"String"}]}}""";

    @Autowired
    WebApplicationContext context;

    @Autowired
    StandInApi api;

    MockMvc mvc;

    MockHttpSession session;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
        session = new MockHttpSession();
        api.reset();
        api.answer("/connections/clickhouse/tables?pipeline=orders", tables("MergeTree"));
        api.answer("/connections/clickhouse/tables", tables("MergeTree"));
        api.answer("/connections/clickhouse/columns?pipeline=orders", """
                {"columns":[{"name":"order_id","type":"String"}]}""");
    }

    @Test
    void savingAnEditWithoutVisitingTheTableStepKeepsTheConsentToAtLeastOnce() throws Exception {
        String draft = edit(true);

        deploy("/pipelines/orders/edit", draft);

        JsonNode saved = api.saved();
        assertThat(saved.at("/sink/allowAtLeastOnce").isBoolean()).as("PUT body: " + saved).isTrue();
        assertThat(saved.at("/sink/allowAtLeastOnce").asBoolean()).isTrue();
    }

    @Test
    void theTableStepOfAnEditShowsTheConsentTickedAndKeepsItThroughTheForm() throws Exception {
        String draft = edit(true);

        String page = render("/pipelines/orders/edit/table?draft=" + draft);

        assertThat(checkbox(page)).contains("checked");
        postTable("/pipelines/orders/edit", draft, true);
        deploy("/pipelines/orders/edit", draft);
        assertThat(api.saved().at("/sink/allowAtLeastOnce").asBoolean()).isTrue();
    }

    @Test
    void untickingTheConsentOnEditRemovesItFromTheSavedDefinition() throws Exception {
        String draft = edit(true);

        postTable("/pipelines/orders/edit", draft, false);
        deploy("/pipelines/orders/edit", draft);

        assertThat(api.saved().path("sink").has("allowAtLeastOnce")).as("PUT body: " + api.saved()).isFalse();
    }

    @Test
    void aNewPipelineStartsWithoutTheConsentAndTickingItPutsTrueInTheDefinition() throws Exception {
        String draft = start();
        api.answer("/connections/clickhouse/columns", """
                {"columns":[{"name":"order_id","type":"String"}]}""");

        assertThat(checkbox(render("/pipelines/new/table?draft=" + draft))).doesNotContain("checked");
        assertThat(render("/pipelines/new/review?draft=" + draft)).doesNotContain("allowAtLeastOnce",
                "at-least-once-accepted");

        postTable("/pipelines/new", draft, true);

        String review = render("/pipelines/new/review?draft=" + draft);
        assertThat(review).contains("&quot;allowAtLeastOnce&quot; : true", "id=\"at-least-once-accepted\"")
                .as("accepted: no forecast of a refusal").doesNotContain("id=\"engine-refused\"");
    }

    @Test
    void aPlainMergeTreeIsShownWithItsEngineAndTheWarningThatItWillBeRefused() throws Exception {
        String draft = edit(false);

        String html = render("/pipelines/orders/edit/table?draft=" + draft);
        String engine = element(html, "id=\"table-engine\"");

        assertThat(engine).contains("MergeTree", "id=\"table-engine-warning\"", "refused at start unless you accept");
        assertThat(element(render("/pipelines/orders/edit/review?draft=" + draft), "id=\"engine-refused\""))
                .as("the review page says it again").contains("MergeTree", "refused at start", "page 7");
    }

    @Test
    void aReplicatedMergeTreeIsShownWithItsEngineAndNoWarning() throws Exception {
        api.answer("/connections/clickhouse/tables?pipeline=orders", tables("ReplicatedMergeTree"));
        String draft = edit(false);

        String page = render("/pipelines/orders/edit/table?draft=" + draft);

        assertThat(element(page, "id=\"table-engine\"")).contains("ReplicatedMergeTree").doesNotContain("refused");
        assertThat(page).doesNotContain("id=\"table-engine-warning\"");
    }

    @Test
    void anUnknownEngineShowsNeitherEngineNorWarning() throws Exception {
        api.answer("/connections/clickhouse/tables?pipeline=orders", """
                {"database":"default","tables":[{"name":"other","engine":"MergeTree"}]}""");
        String draft = edit(false);

        String page = render("/pipelines/orders/edit/table?draft=" + draft);

        assertThat(page).doesNotContain("id=\"table-engine\"", "id=\"table-engine-warning\"");
        assertThat(checkbox(page)).doesNotContain("checked");
    }

    /** Opens the pipeline for editing; returns the draft's id. */
    private String edit(boolean allowAtLeastOnce) throws Exception {
        api.answerGet("/pipelines/orders", "{\"id\":\"orders\",\"status\":\"paused\",\"definition\":"
                + DEFINITION.formatted(allowAtLeastOnce ? "\"allowAtLeastOnce\":true," : "") + "}");
        return draftOf(mvc.perform(get("/pipelines/orders/edit").session(session)).andReturn());
    }

    private String start() throws Exception {
        String draft = draftOf(mvc.perform(get("/pipelines/new").session(session)).andReturn());
        perform(post("/pipelines/new/clickhouse").param("draft", draft).param("url", "http://ch:8123")
                .param("database", "default").param("username", "default").param("password", "")
                .param("action", "next"));
        return draft;
    }

    /** Posts the table step as its page sends it: the checkbox's value only when ticked. */
    private void postTable(String base, String draft, boolean allowAtLeastOnce) throws Exception {
        MockHttpServletRequestBuilder request = post(base + "/table").param("draft", draft).param("table", "orders")
                .param("maxBatchSize", "5000").param("maxDelay", "2s").param("mapping[0].field", "order_id")
                .param("mapping[0].column", "order_id").param("action", "goto:review");
        if (allowAtLeastOnce) {
            request.param("allowAtLeastOnce", "true");
        }
        perform(request);
    }

    private void deploy(String base, String draft) throws Exception {
        MvcResult result = perform(post(base + "/review").param("draft", draft).param("action", "deploy"));
        assertThat(result.getResponse().getRedirectedUrl()).as("saved, off to the pipeline's page")
                .isEqualTo("/pipelines/orders");
    }

    private MvcResult perform(MockHttpServletRequestBuilder request) throws Exception {
        MvcResult result = mvc.perform(request.session(session).with(csrf())).andReturn();
        assertThat(result.getResponse().getStatus()).as("POST redirects").isEqualTo(302);
        return result;
    }

    private String render(String path) throws Exception {
        MvcResult result = mvc.perform(get(path).session(session)).andReturn();
        assertThat(result.getResponse().getStatus()).as(path).isEqualTo(200);
        return result.getResponse().getContentAsString();
    }

    private static String draftOf(MvcResult result) {
        String location = result.getResponse().getRedirectedUrl();
        assertThat(location).contains("?draft=");
        return location.substring(location.indexOf("?draft=") + "?draft=".length());
    }

    private static String checkbox(String page) {
        int at = page.indexOf("name=\"allowAtLeastOnce\"");
        assertThat(at).as("the table step has the at-least-once checkbox").isNotNegative();
        return page.substring(page.lastIndexOf('<', at), page.indexOf('>', at) + 1);
    }

    /** From the opening tag holding {@code marker} up to the next closing tag of its kind. */
    private static String element(String html, String marker) {
        int at = html.indexOf(marker);
        assertThat(at).as("no element with " + marker).isNotNegative();
        int start = html.lastIndexOf('<', at);
        String tag = html.substring(start + 1, html.indexOf(' ', start));
        return html.substring(start, html.indexOf("</" + tag + ">", at) + tag.length() + 3);
    }

    private static String tables(String ordersEngine) {
        return """
                {"database":"default","tables":[{"name":"events","engine":"Memory"},
                 {"name":"orders","engine":"%s"}]}""".formatted(ordersEngine);
    }

    @TestConfiguration
    static class Api {

        @Bean
        @Primary
        StandInApi standInApi() {
            return new StandInApi();
        }
    }

    /** Answers GETs and POSTs with the JSON given for their path; records the body of each PUT. */
    static final class StandInApi implements ApiClient {

        private final Map<String, String> gets = new ConcurrentHashMap<>();

        private final Map<String, String> posts = new ConcurrentHashMap<>();

        private final List<String> puts = new CopyOnWriteArrayList<>();

        void reset() {
            gets.clear();
            posts.clear();
            puts.clear();
        }

        void answerGet(String path, String json) {
            gets.put(path, json);
        }

        void answer(String path, String json) {
            posts.put(path, json);
        }

        /** The one definition saved. */
        JsonNode saved() {
            assertThat(puts).hasSize(1);
            return JsonMapper.shared().readTree(puts.get(0));
        }

        @Override
        public ApiResponse get(String path) {
            return answer(gets, path, "\"3\"");
        }

        @Override
        public ApiResponse post(String path, Object body) {
            return answer(posts, path, null);
        }

        @Override
        public ApiResponse put(String path, Object body, String ifMatch) {
            assertThat(path).isEqualTo("/pipelines/orders");
            assertThat(ifMatch).isEqualTo("\"3\"");
            puts.add(body.toString());
            return new ApiResponse(200, JsonMapper.shared().readTree(body.toString()), "\"4\"");
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

        private static ApiResponse answer(Map<String, String> answers, String path, String etag) {
            String json = answers.get(path);
            if (json == null) {
                throw new ApiProblemException(new ApiProblem(404, "Not found", "no answer for " + path, List.of()));
            }
            return new ApiResponse(200, JsonMapper.shared().readTree(json), etag);
        }
    }
}
