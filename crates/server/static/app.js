// dossier: small enhancements only; every page works without this script.
(function () {
  "use strict";
  // "/" focuses the search box, as on many sites.
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT");
    if (event.key === "/" && !typing) {
      var box = document.querySelector("input[type=search]");
      if (box) {
        event.preventDefault();
        box.focus();
        box.select();
      }
    }
  });
  // Hovering a fact lights up its quote in the article text.
  document.querySelectorAll("aside.facts a[href^='#q']").forEach(function (link) {
    var quote = document.getElementById(link.getAttribute("href").slice(1));
    if (!quote) return;
    link.addEventListener("mouseenter", function () { quote.classList.add("active"); });
    link.addEventListener("mouseleave", function () { quote.classList.remove("active"); });
  });

  // The incident page's review panel: confirm, reject or undo a fact, merge, split.
  // Each button calls the JSON API with the token typed in the panel, kept for this tab.
  var review = document.getElementById("review");
  if (!review) return;
  var incident = review.getAttribute("data-incident");
  var tokenBox = document.getElementById("review-token");
  var status = document.getElementById("review-status");
  var KEY = "dossier-token";
  try { tokenBox.value = window.sessionStorage.getItem(KEY) || ""; } catch (e) { /* storage off */ }

  function say(text, bad) {
    status.textContent = text;
    status.className = bad ? "error" : "muted";
  }

  function send(method, path, body) {
    var token = tokenBox.value.trim();
    if (!token) {
      say("Type the server's token first.", true);
      tokenBox.focus();
      return;
    }
    try { window.sessionStorage.setItem(KEY, token); } catch (e) { /* storage off */ }
    say("Saving…", false);
    var init = { method: method, headers: { "Authorization": "Bearer " + token } };
    if (body) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    fetch(path, init)
      .then(function (r) {
        return r.json().then(function (j) { return { ok: r.ok, status: r.status, body: j }; });
      })
      .then(function (res) {
        if (!res.ok) {
          say(res.body.error || "The server refused.", true);
          return;
        }
        if (res.status === 202) {
          say("Recorded. The incidents are being merged again; reload in a few minutes.", false);
          return;
        }
        // A merge or split gives the incident a new id: follow its articles there.
        var now = res.body.incidents || [];
        if (now.length && now.indexOf(incident) < 0) {
          window.location.assign("/incidents/" + encodeURIComponent(now[0]));
        } else {
          window.location.reload();
        }
      })
      .catch(function (e) { say("Could not reach the server: " + e, true); });
  }

  var base = "/api/incidents/" + encodeURIComponent(incident);
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button");
    if (!button) return;
    var fact = button.closest("li.fact");
    if (fact && button.hasAttribute("data-verdict")) {
      send("POST", base + "/facts", {
        fact: fact.getAttribute("data-fact"),
        verdict: button.getAttribute("data-verdict")
      });
    } else if (button.classList.contains("undo")) {
      send("DELETE", "/api/corrections/" + button.getAttribute("data-correction"));
    } else if (button.classList.contains("split")) {
      send("POST", base + "/split", { article: button.getAttribute("data-article") });
    }
  });
  var merge = document.getElementById("merge");
  if (merge) {
    merge.addEventListener("submit", function (event) {
      event.preventDefault();
      send("POST", base + "/merge", { "with": merge.elements["with"].value.trim() });
    });
  }
})();
