/* policy-drafts: fold Vietnamese diacritics in Material's search (lunr.vi).
 *
 * Readers often type without diacritics ("hoc phi" for "học phí"). Material's query
 * terms carry a trailing wildcard, which makes lunr skip the search pipeline, so the
 * index keeps every word twice: as written and folded. A query with or without
 * diacritics then finds the same pages, and the folded token keeps the original's
 * position so the match is still highlighted in the result.
 */
(function (lunr) {
  if (!lunr || !lunr.vi || lunr.vi.foldDiacritics) return
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d").replace(/Đ/g, "D")
  }
  function indexBoth(token) {
    var folded = fold(token.toString())
    return folded === token.toString() ? token : [token, token.clone(function () { return folded })]
  }
  function foldQuery(token) {
    return token.update(fold)
  }
  lunr.Pipeline.registerFunction(indexBoth, "foldDiacritics-vi")
  lunr.Pipeline.registerFunction(foldQuery, "foldDiacriticsQuery-vi")
  var language = lunr.vi
  lunr.vi = function () {
    language.call(this)
    this.pipeline.add(indexBoth)
    this.searchPipeline.add(foldQuery)
  }
  for (var key in language) lunr.vi[key] = language[key]
  lunr.vi.foldDiacritics = fold
})(typeof lunr !== "undefined" ? lunr : self.lunr)
