/* Material for MkDocs (MIT licence), partials/javascripts/content.html: its inline script as a file,
   so that a Content-Security-Policy without 'unsafe-inline' allows it (theme/partials/javascripts/). */
var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))
