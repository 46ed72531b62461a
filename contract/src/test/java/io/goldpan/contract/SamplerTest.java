package io.goldpan.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SamplerTest {
  @Test
  void byName_findsTheNamesPeopleKnow_inAnyCase_andTheirAliases() {
    assertThat(Sampler.byName("dpmpp_2m_karras")).contains(Sampler.DPMPP_2M_KARRAS);
    assertThat(Sampler.byName(" Euler_A ")).contains(Sampler.EULER_A);
    assertThat(Sampler.byName("plms")).contains(Sampler.PNDM);
    assertThat(Sampler.byName("dpm++_2m_karras")).contains(Sampler.DPMPP_2M_KARRAS);
    assertThat(Sampler.byName("EulerAncestralDiscreteScheduler"))
        .as("a class name, as jobs queued before the names said it")
        .contains(Sampler.EULER_A);
    assertThat(Sampler.byName("pndmscheduler")).contains(Sampler.PNDM);
    assertThat(Sampler.byName("heun")).isEmpty();
    assertThat(Sampler.byName(null)).isEmpty();
  }

  @Test
  void everySampler_namesADiffusersClassAndAnAutomatic1111Label() {
    assertThat(Sampler.DPMPP_2M_KARRAS.className()).isEqualTo("DPMSolverMultistepScheduler");
    assertThat(Sampler.DPMPP_2M_KARRAS.karras()).isTrue();
    assertThat(Sampler.DPMPP_2M_KARRAS.label()).isEqualTo("DPM++ 2M Karras");
    assertThat(Sampler.EULER_A.label()).isEqualTo("Euler a");
    assertThat(Sampler.PNDM.label()).isEqualTo("PLMS");
    assertThat(Sampler.labelOf("PNDMScheduler", false)).contains("PLMS");
    assertThat(Sampler.labelOf("EulerDiscreteScheduler", true)).contains("Euler Karras");
    assertThat(Sampler.labelOf("HeunDiscreteScheduler", false)).isEmpty();
  }

  @Test
  void problem_namesEveryAcceptedName_andAcceptsNone() {
    assertThat(Sampler.problem(null)).isNull();
    assertThat(Sampler.problem("euler_karras")).isNull();
    assertThat(Sampler.problem("heun"))
        .startsWith("unknown scheduler; use one of euler, euler_karras, euler_a,")
        .contains("pndm", "dpmpp_2m_karras", "lcm", "ddim");
    assertThat(Sampler.problem("")).isNotNull();
  }

  @Test
  void names_listMainNamesFirst_thenAliases() {
    assertThat(Sampler.names())
        .startsWith("euler", "euler_karras", "euler_a")
        .contains("plms", "dpm++_2m")
        .doesNotHaveDuplicates();
  }
}
