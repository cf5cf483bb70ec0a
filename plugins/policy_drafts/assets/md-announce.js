/* Material for MkDocs (MIT licence), partials/javascripts/announce.html: its inline script as a file,
   so that a Content-Security-Policy without 'unsafe-inline' allows it (theme/partials/javascripts/). */
var el=document.querySelector("[data-md-component=announce]");if(el){var content=el.querySelector(".md-typeset");__md_hash(content.innerHTML)===__md_get("__announce")&&(el.hidden=!0)}
