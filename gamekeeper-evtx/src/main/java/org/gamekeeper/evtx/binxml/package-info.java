/**
 * Binary XML ([MS-EVEN6]): the parser, template definitions and instances, substitution values
 * and their types, the field plans that say where each field of an event lives, an event's
 * fields, and the one intermediate form ({@link org.gamekeeper.evtx.binxml.XmlNode} with typed
 * {@link org.gamekeeper.evtx.binxml.Value}s) that callers and the writer use.
 *
 * <p>Part of the attack surface: {@link org.gamekeeper.evtx.binxml.BinXmlParser} parses hostile
 * bytes. Every read is bounded by its record; elements nest at most 64 deep, Binary XML values 8
 * deep, template instances 16 deep; a template instance holds at most 4,096 values; a
 * definition that instantiates itself is refused; caches shared across chunks and files are
 * bounded (templates: 4,096 entries, 32 MiB; field plans: 20,000). A failure is a
 * {@link org.gamekeeper.evtx.binxml.BinXmlException} for the reader to report, never a crash.
 *
 * <p>Public API: {@code XmlNode}, {@code Value}, {@code ValueType}, {@code NameFolding}. The other
 * public types ({@code BinXmlParser}, {@code BinXmlException}, {@code Fragment},
 * {@code Template}, {@code TemplateNode}, {@code SubstitutionArray}, {@code EventFields},
 * {@code ValueFormat}, {@code Bytes}) are public only for the library's reader and renderers:
 * they are internal to the library and may change without notice. This package depends on no
 * other package of the library.
 */
package org.gamekeeper.evtx.binxml;
