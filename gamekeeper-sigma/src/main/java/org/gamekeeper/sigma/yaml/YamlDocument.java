package org.gamekeeper.sigma.yaml;

/** One document of a (possibly multi-document) YAML file, or the reason it could not be read. */
public record YamlDocument(int index, YamlNode root, int errorLine, int errorColumn, String error) {

    public boolean failed() {
        return error != null;
    }
}
