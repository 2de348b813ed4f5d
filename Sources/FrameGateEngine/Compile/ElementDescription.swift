/// How error messages name an element: `<div id="title">`, else `<div class="card">`, else `<div>`.
enum ElementDescription {
    static func of(_ tag: HTMLStartTag) -> String {
        if let id = tag.value("id"), !id.isEmpty { return "<\(tag.name) id=\"\(id)\">" }
        if let cls = tag.value("class"), !cls.isEmpty { return "<\(tag.name) class=\"\(cls)\">" }
        return "<\(tag.name)>"
    }

    static func of(_ element: HTMLElement) -> String { of(element.tag) }
}
