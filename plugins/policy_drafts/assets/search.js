/* policy-drafts search page (/tim-kiem/): everything comes from the URL, nothing is fetched
 * before the reader searches, and a search fetches only the shards of its words: for a
 * run of syllables, the shards of its pairs of adjacent syllables (each lives with its
 * first syllable), so "hoc phi" fetches one shard.
 *
 * The index is written by plugins/policy_drafts/publish/search.py; fold() and shardName() here
 * must do what model/text.py's fold() and search.py's shard_of() do. The filters (URL parameter
 * -> facet of the index) come with the page's config (publish/site.py, FACETS). Text from
 * drafts is only ever set as textContent.
 */
(function () {
  "use strict"
  var form = document.querySelector("[data-search-form]")
  if (!form) return
  var config = JSON.parse(document.getElementById("pd-search-config").textContent)
  var data = new URL(config.data, location.href)
  var PAGE = 20
  var FILTERS = config.filters  /* URL parameter -> facet: status, field, agency (national: site) */
  var manifest = null, facets = null
  var shards = new Map(), docs = new Map()
  var shown = PAGE, last = null, pending = null

  function fold(text) {
    return text.replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
  }
  function words(text) { return fold(text).match(/[0-9a-z]+/g) || [] }

  function fetchData(name) {
    return fetch(new URL(name + "?v=" + manifest.version, data)).then(function (r) {
      if (!r.ok) throw new Error(name + ": " + r.status)
      return r
    })
  }
  function load() {
    if (manifest) return Promise.resolve()
    return fetch(new URL("manifest.json", data), { cache: "no-cache" }).then(function (r) { return r.json() })
      .then(function (m) {
        manifest = m
        manifest.shardSet = new Set(m.shards)
        manifest.splitSet = new Set(m.split)
        return fetchData("facets.json").then(function (r) { return r.json() })
      }).then(function (f) { facets = f })
  }

  /* The shard of a token: its first two letters, then one more character while that longer
   * prefix is split (search.py, shard_of): "ho", "ho-c", "ho-c_p". */
  function shardName(token) {
    var k = 2
    while (k <= token.length && manifest.splitSet.has(token.slice(0, k))) k++
    var head = token.slice(0, k)
    return (k === 2 ? head : head.slice(0, 2) + "-" + head.slice(2)).replace(/ /g, "_")
  }
  function prefixOf(name) {
    return (name.length > 2 ? name.slice(0, 2) + name.slice(3) : name).replace(/_/g, " ")
  }
  /* With prefix: the shard holding the token, and every shard of a longer prefix of it. */
  function shardsFor(token, prefix) {
    var own = shardName(token)
    if (!prefix) return [own]
    return manifest.shards.filter(function (s) { return s === own || prefixOf(s).indexOf(token) === 0 })
  }
  function shard(name) {
    if (!manifest.shardSet.has(name)) return Promise.resolve("")
    if (!shards.has(name)) shards.set(name, fetchData(name + ".txt").then(function (r) { return r.text() }))
    return shards.get(name)
  }

  /* Docs holding `token` (a syllable or "a b", a pair of adjacent syllables), or with prefix
   * a token that starts with it and has as many syllables -> best score. */
  function postings(token, prefix) {
    return Promise.all(shardsFor(token, prefix).map(shard)).then(function (texts) {
      var best = new Map(), spaces = token.split(" ").length
      texts.forEach(function (text) {
        text.split("\n").forEach(function (line) {
          var tab = line.indexOf("\t")
          if (tab < 0) return
          var word = line.slice(0, tab)
          if (prefix ? word.indexOf(token) !== 0 || word.split(" ").length !== spaces : word !== token) return
          var exact = word === token ? 1 : 0
          var parts = line.slice(tab + 1).split("|"), ids = parts[0].split(","), scores = parts[1], doc = 0
          for (var i = 0; i < ids.length; i++) {
            doc += parseInt(ids[i], 36)
            var score = 2 * (scores.charCodeAt(i) - 48) + exact
            if (!(best.get(doc) >= score)) best.set(doc, score)
          }
        })
      })
      return best
    })
  }

  function readUrl() {
    var params = new URLSearchParams(location.search), state = { q: params.get("q") || "" }
    Object.keys(FILTERS).forEach(function (name) { state[name] = params.get(name) || "" })
    return state
  }
  function writeUrl(state) {
    var params = new URLSearchParams()
    if (state.q) params.set("q", state.q)
    Object.keys(FILTERS).forEach(function (name) { if (state[name]) params.set(name, state[name]) })
    var query = params.toString()
    history.replaceState(null, "", location.pathname + (query ? "?" + query : ""))
  }
  function readForm() {
    var state = { q: form.elements.q.value.trim() }
    Object.keys(FILTERS).forEach(function (name) { state[name] = form.elements[name].value })
    return state
  }

  /* The query as groups of syllables that must stand together, in order, in a draft:
   * a run of words typed one after another is one group ("hoc phi": the drafts that say
   * "học phí"), a number stands alone ("hoc phi 2027"), and a quoted part is one group
   * whatever it holds. While the reader is still typing the last syllable (no space, no
   * closing quote after it) it may complete as a prefix, but only when it is not a
   * complete syllable of the index already: "ban tru" is "bán trú", "ban tr" is still
   * being typed. */
  function parse(q) {
    var groups = [], re = /"([^"]*)"?|\u201c([^\u201d]*)\u201d?|([^"\u201c\u201d]+)/g, m
    while ((m = re.exec(q))) {
      var quoted = m[3] === undefined
      var tokens = words(quoted ? (m[1] !== undefined ? m[1] : m[2]) : m[3])
      if (!tokens.length) continue
      if (quoted) { groups.push({ tokens: tokens, quoted: true }); continue }
      var run = []
      tokens.forEach(function (t) {
        if (/^[0-9]+$/.test(t)) {
          if (run.length) groups.push({ tokens: run })
          run = []
          groups.push({ tokens: [t] })
        } else run.push(t)
      })
      if (run.length) groups.push({ tokens: run })
    }
    var lastGroup = groups[groups.length - 1]
    if (lastGroup && !lastGroup.quoted && /[0-9A-Za-z\u00c0-\u1ef9]$/.test(q)) lastGroup.typing = true
    return groups
  }
  function lookupsOf(group) {
    var t = group.tokens, out = []
    if (t.length === 1) return [t[0]]
    for (var i = 0; i + 1 < t.length; i++) out.push(t[i] + " " + t[i + 1])
    return out
  }
  /* Docs where every token of the group is found -> the sum of their scores. */
  function matchGroup(group) {
    var tokens = lookupsOf(group)
    return Promise.all(tokens.map(function (t) { return postings(t, false) })).then(function (found) {
      var last = tokens.length - 1, lastWord = group.tokens[group.tokens.length - 1]
      var canComplete = group.typing && !found[last].size && (group.tokens.length > 1 || lastWord.length >= 2)
      if (!canComplete) return { found: found, tokens: tokens }
      return postings(tokens[last], true).then(function (more) {
        found[last] = more
        return { found: found, tokens: tokens }
      })
    }).then(function (r) {
      var out = new Map()
      r.found[0].forEach(function (score, doc) {
        var total = score
        for (var k = 1; k < r.found.length; k++) {
          var s = r.found[k].get(doc)
          if (s === undefined) return
          total += s
        }
        out.set(doc, total * (r.tokens.length > 1 || group.tokens.length > 1 ? 3 : 1))
      })
      out.empty = r.found.map(function (f) { return !f.size })
      return out
    })
  }
  function combine(maps) {
    var out = []
    if (!maps.length) return out
    maps[0].forEach(function (score, doc) {
      var total = score
      for (var k = 1; k < maps.length; k++) {
        var s = maps[k].get(doc)
        if (s === undefined) return
        total += s
      }
      out.push({ doc: doc, score: total })
    })
    out.sort(function (a, b) { return b.score - a.score || a.doc - b.doc })
    return out
  }
  /* Splits a group where its two syllables never stand together anywhere on the site
   * ("hoc phi ban tru": "phi ban" is nowhere, so "hoc phi" and "ban tru"). */
  function loosen(group, empty) {
    var parts = [], run = [group.tokens[0]]
    for (var i = 1; i < group.tokens.length; i++) {
      if (empty[i - 1]) { parts.push({ tokens: run }); run = [] }
      run.push(group.tokens[i])
    }
    parts.push({ tokens: run, typing: group.typing })
    return parts
  }

  /* Ranked doc numbers for a query: every group must be found; a draft with the groups in
   * its title ranks first. When no draft holds every group as typed, a group is split where
   * its syllables never stand together on the site, and the result says so (parts). */
  function match(q) {
    var groups = parse(q)
    if (!groups.length) {
      var all = []
      for (var n = 0; n < manifest.count; n++) all.push({ doc: n, score: 0 })
      return Promise.resolve({ ranked: all })
    }
    return Promise.all(groups.map(matchGroup)).then(function (maps) {
      var ranked = combine(maps)
      if (ranked.length) return { ranked: ranked }
      var looser = [], split = false
      groups.forEach(function (g, i) {
        if (!g.quoted && g.tokens.length > 1 && maps[i].empty.some(Boolean)) {
          var parts = loosen(g, maps[i].empty)
          split = split || parts.length > 1
          looser = looser.concat(parts)
        } else looser.push(g)
      })
      if (!split) return { ranked: ranked }
      return Promise.all(looser.map(matchGroup)).then(function (again) {
        return { ranked: combine(again), parts: looser.map(function (g) { return g.tokens.join(" ") }) }
      })
    })
  }

  function facetOf(doc, kind) {
    if (kind === "status") return [facets.statuses[facets.status.charCodeAt(doc) - 48]]
    if (kind === "agency") return [facets.agencies[facets.agency[doc]]]
    if (kind === "site") return [facets.sites[facets.site[doc]]]
    return facets.field[doc].map(function (i) { return facets.fields[i] })
  }
  function wanted(state) {
    var out = {}
    Object.keys(FILTERS).forEach(function (name) {
      var kind = FILTERS[name], value = state[name]
      if (kind === "status" && value) value = config.statusBySlug[value] || "\u0000"
      out[kind] = value
    })
    return out
  }
  function keeps(doc, want, except) {
    return Object.keys(want).every(function (kind) {
      return kind === except || !want[kind] || facetOf(doc, kind).indexOf(want[kind]) >= 0
    })
  }

  function countOptions(ranked, want) {
    Object.keys(FILTERS).forEach(function (name) {
      var kind = FILTERS[name], counts = {}
      ranked.forEach(function (r) {
        if (keeps(r.doc, want, kind)) facetOf(r.doc, kind).forEach(function (v) { counts[v] = (counts[v] || 0) + 1 })
      })
      Array.prototype.forEach.call(form.elements[name].options, function (option) {
        if (!option.value) return
        var key = kind === "status" ? config.statusBySlug[option.value] : option.value
        var count = counts[key] || 0
        option.textContent = option.getAttribute("data-label") + " (" + count + ")"
        option.disabled = count === 0 && !option.selected
      })
    })
  }

  function docsOf(numbers) {
    var files = {}
    numbers.forEach(function (n) { files[Math.floor(n / manifest.per_file)] = true })
    return Promise.all(Object.keys(files).map(function (f) {
      if (!docs.has(f)) docs.set(f, fetchData("docs/" + f + ".json").then(function (r) { return r.json() }))
      return docs.get(f).then(function (rows) { return [Number(f), rows] })
    })).then(function (loaded) {
      var byFile = {}
      loaded.forEach(function (pair) { byFile[pair[0]] = pair[1] })
      return numbers.map(function (n) { return byFile[Math.floor(n / manifest.per_file)][n % manifest.per_file] })
    })
  }

  function el(tag, className, text) {
    var node = document.createElement(tag)
    if (className) node.className = className
    if (text !== undefined) node.textContent = text
    return node
  }
  function render(rows, list) {
    rows.forEach(function (row) {
      var status = config.statuses[row[2]]
      var item = el("li", "pd-result")
      item.setAttribute("data-search-result", "")
      item.setAttribute("data-status", row[2])
      var heading = el("h2", "pd-result__title"), link = el("a", "", row[1])
      link.href = /^https?:\/\//.test(row[0]) ? row[0] : config.root + row[0]  /* national: the draft's own site */
      if (row[6]) item.setAttribute("data-site", row[6])
      heading.appendChild(link)
      var facts = el("p", "pd-result__facts")
      var badge = el("span", "pd-status pd-status--" + row[2])
      badge.appendChild(el("span", "pd-status__icon", status.icon)).setAttribute("aria-hidden", "true")
      badge.appendChild(el("span", "", status.label))
      facts.appendChild(badge)
      facts.appendChild(el("span", "pd-result__outcome", row[3]))
      item.appendChild(heading)
      item.appendChild(facts)
      item.appendChild(el("p", "pd-result__meta", row[4] + " · " + row[5]))
      list.appendChild(item)
    })
  }

  var summary = document.querySelector("[data-search-summary]")
  var results = document.querySelector("[data-search-results]")
  var more = document.querySelector("[data-search-more]")

  function run(state, keep) {
    showFollow(state)
    if (!state.q && !Object.keys(FILTERS).some(function (n) { return state[n] })) {
      results.textContent = ""
      more.hidden = true
      summary.textContent = config.text.prompt
      return Promise.resolve()
    }
    if (!keep) shown = PAGE
    var ticket = {}
    pending = ticket
    summary.textContent = config.text.searching
    return load().then(function () {
      return match(state.q).then(function (result) {
        if (pending !== ticket) return
        var ranked = result.ranked
        var want = wanted(state)
        countOptions(ranked, want)
        var kept = ranked.filter(function (r) { return keeps(r.doc, want, null) })
        last = kept
        return docsOf(kept.slice(0, shown).map(function (r) { return r.doc })).then(function (rows) {
          if (pending !== ticket) return
          results.textContent = ""
          render(rows, results)
          var said = kept.length ? config.text.found.replace("{n}", kept.length) : config.text.none
          if (result.parts && kept.length)
            said = config.text.parts.replace("{parts}", result.parts.map(function (p) { return "\u201c" + p + "\u201d" }).join(", ")) + " " + said
          summary.textContent = said
          more.hidden = kept.length <= shown
        })
      })
    }).catch(function () { summary.textContent = config.text.error })
  }

  /* A feed follows the search where one exists: no filter, or one field or one agency, each
   * possibly limited to consultations open now (and no words: a feed cannot search words);
   * on the national site, one site and nothing else. */
  var follow = document.querySelector("[data-search-follow]")
  function showFollow(state) {
    var f = {}
    Object.keys(FILTERS).forEach(function (name) { f[FILTERS[name]] = state[name] })
    var key = null, open = config.statusBySlug[f.status] === "open"
    if (f.site) key = state.q || f.status || f.field || f.agency ? null : "site:" + f.site
    else if (!state.q && (open || !f.status)) {
      if (f.field && !f.agency) key = "field:" + f.field
      else if (f.agency && !f.field) key = "agency:" + f.agency
      else if (!f.field && !f.agency) key = ""
      if (key !== null) key += open ? "+open" : ""
    }
    var path = key === null ? null : config.feeds[key]
    follow.hidden = !path
    if (path) follow.querySelector("a").href = config.root + path
  }

  function fill(state) {
    form.elements.q.value = state.q
    Object.keys(FILTERS).forEach(function (name) { form.elements[name].value = state[name] })
    var folded = form.querySelector("[data-search-filters]")
    if (folded && Object.keys(FILTERS).some(function (name) { return state[name] })) folded.open = true
  }

  var timer = null
  function changed() {
    window.clearTimeout(timer)
    timer = window.setTimeout(function () { var state = readForm(); writeUrl(state); run(state) }, 250)
  }
  form.addEventListener("input", changed)
  form.addEventListener("change", changed)
  form.addEventListener("submit", function (event) {
    event.preventDefault()
    window.clearTimeout(timer)
    var state = readForm()
    writeUrl(state)
    run(state)
  })
  more.querySelector("button").addEventListener("click", function () {
    shown += PAGE
    run(readForm(), true)
  })
  var initial = readUrl()
  fill(initial)
  run(initial)
  // Arrived from the header's search button (header-search.js): ready to type.
  if (!initial.q && location.hash === "#tim") form.elements.q.focus()
})()
