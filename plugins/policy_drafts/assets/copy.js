/* policy-drafts: "Sao chép địa chỉ" buttons (press page). A button carries the address in
 * data-copy and stays hidden until this script runs, so a page without scripts shows the
 * link alone (whose address can be copied as any link's). The result is said in the status
 * line for screen readers and on the button for a moment. */
(function () {
  "use strict"
  var status = document.querySelector("[data-copy-status]")
  function say(button, text) {
    var label = button.getAttribute("data-label") || button.textContent
    button.setAttribute("data-label", label)
    button.textContent = text
    if (status) status.textContent = text
    window.setTimeout(function () { button.textContent = label }, 2000)
  }
  function fallback(text) {
    var area = document.createElement("textarea")
    area.value = text
    area.setAttribute("readonly", "")
    area.style.position = "fixed"
    area.style.opacity = "0"
    document.body.appendChild(area)
    area.select()
    var done = false
    try { done = document.execCommand("copy") } catch (e) { done = false }
    document.body.removeChild(area)
    return done
  }
  Array.prototype.forEach.call(document.querySelectorAll("button[data-copy]"), function (button) {
    button.hidden = false
    button.addEventListener("click", function () {
      var text = button.getAttribute("data-copy")
      var ok = function () { say(button, "Đã sao chép") }
      var failed = function () { say(button, fallback(text) ? "Đã sao chép" : "Không sao chép được: " + text) }
      if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).then(ok, failed)
      else failed()
    })
  })
})()
