/* Material for MkDocs (MIT licence), partials/javascripts/outdated.html: its inline script as a file,
   so that a Content-Security-Policy without 'unsafe-inline' allows it (theme/partials/javascripts/). */
var el=document.querySelector("[data-md-component=outdated]"),base=new URL(document.currentScript.getAttribute("data-md-base"),location),outdated=__md_get("__outdated",sessionStorage,base);!0===outdated&&el&&(el.hidden=!1)
