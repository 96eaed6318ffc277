package io.sluice.ui.wizard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * Every wizard page is drawn in the shared frame (templates/wizard/frame.html): one form posting to
 * the page's own URL with the CSRF token, the step pills, the page's own inputs and its buttons, under
 * the ids and names the browser tests press.
 */
@SpringBootTest(properties = "sluice.ui.api-url=http://127.0.0.1:1")
@Import(WizardTableStepTests.Api.class)
@WithMockUser
class WizardFrameTests {

    @Autowired
    WebApplicationContext context;

    MockMvc mvc;

    MockHttpSession session = new MockHttpSession();

    String draft;

    @BeforeEach
    void startDraft() throws Exception {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
        String location = mvc.perform(get("/pipelines/new").session(session)).andReturn().getResponse()
                .getRedirectedUrl();
        draft = location.substring(location.indexOf("?draft=") + "?draft=".length());
    }

    @Test
    void everyPageIsOneFormToItsOwnUrlWithTheTokenAndTheStepPillsOnce() throws Exception {
        for (Step step : Step.values()) {
            String page = render(step);

            assertThat(count(page, "<form method=\"post\" class=\"wizard-form\"")).as(step.slug()).isEqualTo(1);
            assertThat(count(page, "aria-label=\"Wizard steps\"")).as("pills on " + step.slug()).isEqualTo(1);
            assertThat(insideForm(page)).as(step.slug()).contains("id=\"cancel\"", "data-confirm=\"Discard this draft?");
            assertThat(page).as(step.slug())
                    .contains("action=\"/pipelines/new/" + step.slug() + "?draft=" + draft + "\"")
                    .contains("name=\"_csrf\"")
                    .contains("<title>" + step.title() + " · Sluice</title>");
            for (Step pill : Step.values()) {
                assertThat(page).as(step.slug()).contains("value=\"goto:" + pill.slug() + "\"");
            }
        }
    }

    @Test
    void enterPressesNextOnEveryPageButTheReviewWhereItDeploys() throws Exception {
        for (Step step : Step.values()) {
            String firstButton = firstSubmitAfterForm(render(step));

            assertThat(firstButton).as(step.slug()).contains("class=\"visually-hidden\"")
                    .contains(step == Step.REVIEW ? "value=\"deploy\"" : "value=\"next\"");
        }
    }

    @Test
    void pagesHaveBackAndNextWhereTheyLeadSomewhereAndTheReviewHasDeploy() throws Exception {
        assertThat(render(Step.KAFKA)).contains("id=\"next\"").doesNotContain("id=\"back\"");
        assertThat(render(Step.TABLE)).contains("id=\"next\"", "id=\"back\"");
        assertThat(render(Step.REVIEW)).contains("id=\"back\"", "id=\"deploy\"").doesNotContain("id=\"next\"");
    }

    @Test
    void eachPageShowsItsOwnInputsInsideTheForm() throws Exception {
        assertThat(insideForm(render(Step.KAFKA))).contains("name=\"brokers\"", "id=\"test-connection\"");
        assertThat(insideForm(render(Step.TOPIC))).contains("name=\"topic\"", "id=\"show-sample\"");
        assertThat(insideForm(render(Step.DEDUP))).contains("id=\"dedup-on\"", "name=\"window\"");
        assertThat(insideForm(render(Step.JOIN))).contains("id=\"join-on\"", "name=\"leftKey\"");
        assertThat(insideForm(render(Step.FILTER))).contains("name=\"expression\"", "id=\"try-filter\"");
        assertThat(insideForm(render(Step.CLICKHOUSE))).contains("name=\"url\"", "id=\"test-connection\"");
        assertThat(insideForm(render(Step.TABLE))).contains("name=\"table\"", "name=\"allowAtLeastOnce\"");
        assertThat(insideForm(render(Step.REVIEW))).contains("id=\"definition-json\"", "id=\"download-json\"");
    }

    @Test
    void filterPageShowsTheGrammarReferenceWithExistsAfterAField() throws Exception {
        assertThat(render(Step.FILTER)).contains("<summary>Filter syntax</summary>", "<code>coupon exists</code>",
                "The field is present and not null.", "!= is true.");
    }

    private String render(Step step) throws Exception {
        MvcResult result = mvc.perform(get("/pipelines/new/" + step.slug()).param("draft", draft).session(session))
                .andReturn();
        assertThat(result.getResponse().getStatus()).as(step.slug()).isEqualTo(200);
        return result.getResponse().getContentAsString();
    }

    private static String insideForm(String page) {
        int start = page.indexOf("<form method=\"post\" class=\"wizard-form\"");
        return page.substring(start, page.indexOf("</form>", start));
    }

    private static String firstSubmitAfterForm(String page) {
        String form = insideForm(page);
        int at = form.indexOf("<button");
        return form.substring(at, form.indexOf("</button>", at));
    }

    private static int count(String text, String part) {
        Matcher matcher = Pattern.compile(Pattern.quote(part)).matcher(text);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }
}
