package io.goldpan.local;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An admin lets a friend in from the Keys page on a phone and later revokes the friend's key: the
 * key is shown once, the friend signs in with it and sees only their own (empty) gallery, and the
 * revoke signs the friend's browser out at once.
 */
class KeysBrowserIT {
  @TempDir static Path dataDir;
  static PhoneBrowser phones;

  @BeforeAll
  static void start() throws Exception {
    phones = PhoneBrowser.start(dataDir, Map.of(), Map.of());
  }

  @AfterAll
  static void stop() {
    if (phones != null) {
      phones.close();
    }
  }

  @Test
  void anAdminAddsAFriend_theFriendSignsIn_andRevokingSignsTheFriendOut() {
    try (BrowserContext admin = phones.phone();
        BrowserContext friend = phones.phone()) {
      Page page = phones.signIn(admin);
      page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Keys").setExact(true))
          .click();
      assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Keys")))
          .isVisible();
      PhoneBrowser.assertUsable(page);

      page.getByLabel("Who", new Page.GetByLabelOptions().setExact(false)).fill("sam");
      page.getByLabel("Label", new Page.GetByLabelOptions().setExact(false)).fill("sam's phone");
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Make a key")).click();
      Locator secret = page.locator("code.secret");
      assertThat(secret).isVisible();
      String samKey = secret.innerText().strip();
      assertThat(samKey).isNotBlank().isNotEqualTo(phones.local.apiKey());
      Locator samRow =
          page.locator("ul.keys li", new Page.LocatorOptions().setHasText("sam's phone"));
      assertThat(samRow).hasCount(1);
      assertThat(samRow).containsText("sam");
      PhoneBrowser.screenshot(page, "keys.png");

      page.reload();
      assertThat(page.locator("code.secret")).hasCount(0); // shown once

      Page friendPage = phones.signIn(friend, samKey);
      assertThat(friendPage.locator("li.job")).hasCount(0);
      friendPage
          .getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Keys").setExact(true))
          .click();
      assertThat(friendPage.locator("ul.keys li")).hasCount(1); // only sam's own key
      assertThat(friendPage.getByLabel("Who", new Page.GetByLabelOptions().setExact(false)))
          .hasCount(0);

      page.locator("ul.keys li", new Page.LocatorOptions().setHasText("sam's phone"))
          .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Revoke"))
          .click();
      assertThat(page.locator("ul.keys li", new Page.LocatorOptions().setHasText("sam's phone")))
          .hasCount(0);

      friendPage.navigate(phones.base() + "/app");
      assertThat(friendPage).hasURL(phones.base() + "/login");
    }
  }

  @Test
  void theHeaderFitsAPhone_everyTabIsUsable_andNoPageHasAScriptError() {
    try (BrowserContext context = phones.phone()) {
      Page login = context.newPage();
      login.navigate(phones.base() + "/login");
      PhoneBrowser.assertUsable(login);

      Page page = phones.signIn(context);
      List<String> errors = new java.util.ArrayList<>();
      page.onPageError(errors::add);
      page.onConsoleMessage(
          m -> {
            if (m.type().equals("error")) {
              errors.add(m.text());
            }
          });
      for (String path :
          List.of(
              "/app",
              "/app/new",
              "/app/groups",
              "/app/styles",
              "/app/shares",
              "/app/keys",
              "/app/notifications")) {
        page.navigate(phones.base() + path);
        page.waitForLoadState(com.microsoft.playwright.options.LoadState.NETWORKIDLE);
        assertThat(errors).as("script errors on %s", path).isEmpty();
        Object overflow =
            page.evaluate(
                "() => { const n = document.querySelector('header.top nav');"
                    + " return n.scrollWidth - n.clientWidth; }");
        assertThat(((Number) overflow).intValue())
            .as("the tabs of %s scroll sideways", path)
            .isLessThanOrEqualTo(0);
        PhoneBrowser.assertUsable(page);
      }
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")).click();
      assertThat(page).hasURL(Pattern.compile(".*/login.*"));
    }
  }
}
