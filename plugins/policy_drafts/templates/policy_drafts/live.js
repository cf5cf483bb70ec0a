/* policy-drafts live status: static but not stale (design.md, principle 5).
 *
 * Every element with data-draft-id carries its dated facts in data-facts. At page load
 * and at every later transition the status is derived again from the reader's clock,
 * with the same rules as the build: the countdown moves, an upcoming consultation
 * opens, and the comment button goes away at the deadline even without a rebuild.
 */
(function () {
  "use strict"
  var STATUS = {{ statuses | tojson }}
  var CLOSING_SOON_MS = {{ settings.closing_soon_days }} * 86400000
  var MINUTE = 60000

  function instant(text) { return text ? Date.parse(text) : null }

  function derive(facts, now) {
    var windows = facts.windows.map(function (w) { return { opens: instant(w[0]), closes: instant(w[1]), iso: w } })
    var current = null, upcoming = null, last = windows.length ? windows[windows.length - 1] : null
    windows.forEach(function (w) {
      if (!current && w.opens <= now && now <= w.closes) current = w
      if (!upcoming && w.opens > now) upcoming = w
    })
    function happened(text) { var t = instant(text); return t !== null && t <= now }
    var status
    if (happened(facts.withdrawn)) status = "withdrawn"
    else if (happened(facts.adopted)) status = "adopted"
    else if (current) status = "open"
    else if (upcoming) status = "upcoming"
    else if (happened(facts.responded)) status = "responded"
    else if (last && last.closes < now) status = "closed"
    else status = "announced"
    return {
      status: status,
      window: current || upcoming || last,
      closingSoon: status === "open" && current.closes - now <= CLOSING_SOON_MS,
      transitions: windows.reduce(function (all, w) { return all.concat([w.opens, w.closes + 1000]) }, [])
        .concat([facts.withdrawn, facts.adopted, facts.responded].map(instant).filter(Boolean))
    }
  }

  function duration(ms) {
    var seconds = Math.max(0, Math.floor(ms / 1000))
    var days = Math.floor(seconds / 86400), hours = Math.floor(seconds % 86400 / 3600)
    var minutes = Math.floor(seconds % 3600 / 60)
    if (days) return hours ? days + " ngày " + hours + " giờ" : days + " ngày"
    if (hours) return minutes ? hours + " giờ " + minutes + " phút" : hours + " giờ"
    return minutes ? minutes + " phút" : "dưới 1 phút"
  }

  function countdown(state, now) {
    var w = state.window
    if (state.status === "open") return "Còn " + duration(w.closes - now) + " để góp ý."
    if (state.status === "upcoming") return "Bắt đầu lấy ý kiến sau " + duration(w.opens - now) + "."
    if (state.status === "closed") return "Đã hết hạn góp ý " + duration(now - w.closes) + " trước."
    return ""
  }

  function each(root, selector, fn) { Array.prototype.forEach.call(root.querySelectorAll(selector), fn) }

  function update(el, now) {
    var state = derive(JSON.parse(el.getAttribute("data-facts")), now)
    var info = STATUS[state.status]
    el.setAttribute("data-status", state.status)
    if (state.closingSoon) el.setAttribute("data-closing-soon", "true")
    else el.removeAttribute("data-closing-soon")
    if (state.window) {
      el.setAttribute("data-opens", state.window.iso[0])
      el.setAttribute("data-closes", state.window.iso[1])
    }
    each(el, "[data-status-label]", function (label) {
      label.className = "pd-status pd-status--" + state.status
    })
    each(el, "[data-status-text]", function (text) { if (text.textContent !== info.label) text.textContent = info.label })
    each(el, ".pd-status__icon", function (icon) { icon.textContent = info.icon })
    each(el, "[data-closing-soon-flag]", function (flag) { flag.hidden = !state.closingSoon })
    each(el, "[data-countdown]", function (text) { text.textContent = countdown(state, now) })
    each(el, "[data-comment-form], [data-comment-email]", function (link) {
      if (state.status === "open") link.hidden = false
      else if (state.status === "upcoming") link.hidden = true
      else link.parentNode.removeChild(link)
    })
    return state.transitions.filter(function (t) { return t > now })
  }

  /* A version page: the links to comment on each article follow the window that puts the
   * version out (data-comment-window), shown while it is open, removed once it has closed or
   * the draft was withdrawn or adopted. */
  function articles(el, now) {
    var w = JSON.parse(el.getAttribute("data-comment-window"))
    var opens = instant(w.opens), closes = instant(w.closes)
    var stops = w.stops.map(instant)
    var stopped = stops.some(function (t) { return t <= now })
    var state = stopped || now > closes ? "over" : now < opens ? "before" : "open"
    each(document, "[data-comment-article], [data-comment-article-note]", function (link) {
      if (state === "open") link.hidden = false
      else if (state === "before") link.hidden = true
      else link.parentNode.removeChild(link)
    })
    return [opens, closes + 1000].concat(stops).filter(function (t) { return t > now })
  }

  function tick() {
    var now = Date.now()
    var next = now + MINUTE - now % MINUTE
    each(document, "[data-draft-id][data-facts]", function (el) {
      update(el, now).forEach(function (t) { if (t < next) next = t })
    })
    each(document, "[data-comment-window]", function (el) {
      articles(el, now).forEach(function (t) { if (t < next) next = t })
    })
    window.setTimeout(tick, Math.max(250, next - Date.now()))
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", tick)
  else tick()
})()
