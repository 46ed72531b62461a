package io.goldpan.functions.apidoc;

import io.micronaut.openapi.annotation.OpenAPIExclude;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

/**
 * The OpenAPI description's header: the compiler writes the JSON API's description (the {@code
 * /api} controllers; the web app's pages and health are left out) to {@link
 * OpenApiController#RESOURCE}.
 */
@OpenAPIDefinition(
    info =
        @Info(
            title = "goldpan",
            version = "1",
            description =
                "Text-to-image from a phone on your own GPU. Every call needs an API key as"
                    + " Authorization: Bearer <key>; a rejected request is a 400 whose fields name"
                    + " each field at fault."),
    security = @SecurityRequirement(name = "apiKey"))
@SecurityScheme(name = "apiKey", type = SecuritySchemeType.HTTP, scheme = "bearer")
@OpenAPIExclude(
    packages = {"io.goldpan.functions.web", "io.goldpan.functions.health"},
    classes = OpenApiController.class)
public final class ApiDescription {
  private ApiDescription() {}
}
