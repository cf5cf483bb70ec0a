/* policy-drafts: the header's search button on a phone or tablet goes straight to the search
 * page /tim-kiem/ (its box focused there), instead of opening an overlay where nothing shows
 * until Enter. Only a click on that button does it (a user's request, never focus alone); on
 * a wide screen the header's box stays, with its panel that says what to do. */
(function () {
  "use strict"
  var form = document.getElementById("pd-header-search")
  var button = document.querySelector('label.md-header__button[for="__search"]')
  if (!form || !button) return
  button.addEventListener("click", function (event) {
    event.preventDefault()
    var box = form.querySelector('input[name="q"]')
    var target = new URL(form.getAttribute("action"), location.href)
    if (box && box.value.trim()) target.searchParams.set("q", box.value.trim())
    else target.hash = "tim"
    location.assign(target.href)
  })
})()
